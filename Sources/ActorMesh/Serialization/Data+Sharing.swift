import Foundation

extension Data {
    /// `Data` over `array`'s elements without copying them: it keeps the array alive until it is
    /// released (the release may run on libzmq's I/O thread). nil for an array without storage.
    ///
    /// The `Data` must never be mutated: a write would go into the array's own buffer, which other
    /// copies of the array (and other threads) still read. Copy the bytes out before changing them.
    init?<E: BitwiseCopyable & Sendable>(sharing array: [E]) {
        guard let data = array.withUnsafeBytes({ raw -> Data? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .custom { _, _ in
                withExtendedLifetime(array) {}
            })
        }) else { return nil }
        self = data
    }
}
