/// The out-of-line buffers of one decode (see ``BinaryEncoder/encode(_:outOfLineFrom:firstIndex:)``),
/// by index: raw pointers the caller keeps valid for the whole decode, or the frames of a received
/// message, whose bytes are reached only while one array is read from them. Frames need no nesting
/// of one `withUnsafeBytes` per buffer around the decode, so a message with thousands of them costs
/// neither stack nor quadratic work.
enum OutOfLineBuffers {
    case pointers([UnsafeRawBufferPointer])
    case frames([Frame])

    var count: Int {
        switch self {
        case .pointers(let buffers): return buffers.count
        case .frames(let frames): return frames.count
        }
    }

    /// Calls `body` with the bytes of buffer `index`, which the caller has checked is in range.
    func withBytes<R>(of index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .pointers(let buffers): return try body(buffers[index])
        case .frames(let frames): return try frames[index].withUnsafeBytes(body)
        }
    }

    /// Frame `index`, when the buffers are frames.
    func frame(_ index: Int) -> Frame? {
        guard case .frames(let frames) = self, frames.indices.contains(index) else { return nil }
        return frames[index]
    }
}
