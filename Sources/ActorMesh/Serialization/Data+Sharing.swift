import Foundation

extension Data {
    /// `Data` over `bytes` without copying them, keeping `owner` (whose memory they are) alive until
    /// the `Data` is released; the release may run on libzmq's I/O thread. nil for no bytes.
    ///
    /// The `Data` must never be mutated: a write would go into the owner's own buffer, which other
    /// copies of it (and other threads) still read. Copy the bytes out before changing them.
    init?(sharing bytes: UnsafeRawBufferPointer, keepingAlive owner: some Sendable) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        self.init(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count,
            deallocator: .custom { _, _ in
                withExtendedLifetime(owner) {}
            })
    }

    /// `Data` over `array`'s elements without copying them (see ``init(sharing:keepingAlive:)``); an
    /// array's buffer stays put while the array is kept. nil for an array without storage.
    init?<E: BitwiseCopyable & Sendable>(sharing array: [E]) {
        guard let data = array.withUnsafeBytes({ Data(sharing: $0, keepingAlive: array) }) else { return nil }
        self = data
    }
}
