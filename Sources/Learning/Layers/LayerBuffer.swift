/// A ``Layer`` takes its input, output, gradients and parameter slice as bounded buffers; inside, the
/// BLAS calls and loops work on the buffers' start pointers. These return that start after checking,
/// in debug builds, that the buffer holds every float the layer will touch (release builds check
/// nothing, so the hot loops cost what they cost with bare pointers).
extension UnsafeBufferPointer where Element == Float {
    /// The first float of a buffer that must hold at least `needed` floats.
    @inline(__always)
    func start(holding needed: Int) -> UnsafePointer<Float> {
        assert(count >= needed, "a layer was handed a buffer of \(count) floats where it reads \(needed)")
        guard let base = baseAddress else { return UnsafePointer(emptyLayerBufferStart(needed)) }
        return base
    }

    /// The `count` floats from `offset` (a layer's slice of a network's parameters).
    @inline(__always)
    func slice(from offset: Int, count: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: self[offset..<offset + count])
    }
}

extension UnsafeMutableBufferPointer where Element == Float {
    /// The first float of a buffer that must hold at least `needed` floats.
    @inline(__always)
    func start(holding needed: Int) -> UnsafeMutablePointer<Float> {
        assert(count >= needed, "a layer was handed a buffer of \(count) floats where it writes \(needed)")
        guard let base = baseAddress else { return emptyLayerBufferStart(needed) }
        return base
    }

    /// The `count` floats from `offset` (a layer's slice of a network's parameters).
    @inline(__always)
    func slice(from offset: Int, count: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: self[offset..<offset + count])
    }
}

/// The start handed out for an empty buffer (which has none): an aligned address that is never read
/// or written, since a layer touches none of an empty buffer's floats.
/// - Precondition: `needed` is 0 (a programmer error otherwise: the caller sized the buffer).
private func emptyLayerBufferStart(_ needed: Int) -> UnsafeMutablePointer<Float> {
    precondition(needed == 0, "a layer was handed an empty buffer where it needs \(needed) floats")
    guard let start = UnsafeMutablePointer<Float>(bitPattern: MemoryLayout<Float>.alignment) else {
        preconditionFailure("a non-zero address is a valid pointer")
    }
    return start
}

/// Bounded views of pointers the caller sized (a network's scratch buffers, a chain's activations).
extension UnsafePointer where Pointee == Float {
    /// The `count` floats from this pointer.
    @inline(__always)
    func buffer(_ count: Int) -> UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: self, count: count) }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// The `count` floats from this pointer.
    @inline(__always)
    func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: self, count: count)
    }
}
