import Foundation

extension Data {
    /// `Data` over `array`'s elements without copying them: it keeps the array (whose buffer nothing
    /// can mutate while it is shared) alive until it is released. nil for an array without storage.
    init?<E>(sharing array: [E]) {
        guard let data = array.withUnsafeBytes({ raw -> Data? in
            guard let base = raw.baseAddress, raw.count > 0 else { return nil }
            return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .custom { _, _ in
                withExtendedLifetime(array) {}
            })
        }) else { return nil }
        self = data
    }
}
