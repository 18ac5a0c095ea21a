import Foundation

/// An immutable run of `Float`s that a receiving node reads straight from the transport's buffer.
///
/// A `[Float]` argument or result is copied once on arrival: Swift arrays own their memory, so the
/// received bytes have to be moved into a new one. A `FloatPayload` that arrives in an out-of-line
/// frame (64 KiB and more, see ``MeshSystem``) instead keeps that frame, a received zmq message for
/// the ZeroMQ transport, and reads it in place; sending it on (an echo, a relay, a server handing
/// an aggregate back) passes the same buffer to the socket again. Small payloads, payloads decoded
/// by other decoders, and frames whose bytes are not `Float`-aligned are copied into an array.
///
/// On the wire it is exactly a `[Float]`, so either side may use either type. The buffer lives as
/// long as any copy of the payload; take ``array`` to keep the values without keeping the frame.
public struct FloatPayload: Sendable, RandomAccessCollection, Equatable, Codable, CustomStringConvertible {
    private enum Storage: Sendable {
        case array([Float])
        /// A whole frame of `count` Floats whose bytes are `Float`-aligned and stay at one address.
        case frame(Frame)
    }
    private let storage: Storage
    /// Number of values.
    public let count: Int

    /// A payload holding `values`.
    public init(_ values: [Float]) {
        storage = .array(values)
        count = values.count
    }

    /// Frames smaller than this are copied: a `Data` this small may keep its bytes inside the value
    /// itself, at a different address on every access, so one alignment check would not hold.
    static let smallestBorrowedFrame = 64

    /// A payload over `frame`'s bytes, or nil when they are not a whole number of aligned Floats (or
    /// too few to borrow).
    init?(borrowing frame: Frame) {
        guard frame.count >= Self.smallestBorrowedFrame else { return nil }
        let fits = frame.withUnsafeBytes { raw in
            raw.count % MemoryLayout<Float>.stride == 0
                && Int(bitPattern: raw.baseAddress) % MemoryLayout<Float>.alignment == 0
        }
        guard fits else { return nil }
        storage = .frame(frame)
        count = frame.count / MemoryLayout<Float>.stride
    }

    /// Whether the values are read in place from a received frame rather than from an array.
    public var isBorrowingReceivedFrame: Bool {
        if case .frame = storage { return true }
        return false
    }

    /// Calls `body` with the values; the pointer must not escape `body`.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch storage {
        case .array(let values):
            return try values.withUnsafeBufferPointer(body)
        case .frame(let frame):
            return try frame.withUnsafeBytes { raw in
                // The frame's memory is untyped (from libzmq or a Data); it is viewed as Floats only here.
                try raw.withMemoryRebound(to: Float.self, body)
            }
        }
    }

    /// The values as an array: free for a payload built from one, one copy for a borrowed frame.
    public var array: [Float] {
        switch storage {
        case .array(let values): return values
        case .frame: return withUnsafeBufferPointer { Array($0) }
        }
    }

    /// `Data` over the values' bytes without copying them; it keeps the array or frame alive.
    var sharedBytes: Data? {
        switch storage {
        case .array(let values): return Data(sharing: values)
        case .frame(let frame): return frame.sharedData
        }
    }

    // MARK: Collection

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Float {
        precondition(position >= 0 && position < count, "FloatPayload index \(position) is out of range 0..<\(count)")
        switch storage {
        case .array(let values):
            return values[position]
        case .frame(let frame):
            return frame.withUnsafeBytes {
                $0.load(fromByteOffset: position * MemoryLayout<Float>.stride, as: Float.self)
            }
        }
    }

    // MARK: Equatable, Codable, description

    /// Element-wise `==`, as for `[Float]` (so a NaN makes two payloads unequal).
    public static func == (lhs: FloatPayload, rhs: FloatPayload) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    }

    /// Decodes a `[Float]`. The mesh's own decoder does not come here: it borrows the frame.
    public init(from decoder: any Decoder) throws {
        self.init(try [Float](from: decoder))
    }

    /// Encodes as a `[Float]`. The mesh's own encoder does not come here: it sends the bytes in place.
    public func encode(to encoder: any Encoder) throws {
        try array.encode(to: encoder)
    }

    public var description: String {
        "FloatPayload(\(count) values\(isBorrowingReceivedFrame ? ", borrowing a received frame" : ""))"
    }
}
