import Foundation

/// Storage for a received frame that stays owned by the transport (for example a zmq message), so a
/// large payload can be decoded straight from the transport's buffer without another copy.
///
/// The bytes must stay at one address, unchanged, for as long as the storage lives: a
/// ``FloatPayload`` reads them in place, and a zero-copy send hands their address to the socket. The
/// storage may be released, and its deinit run, on libzmq's I/O thread (after such a send); a deinit
/// must not block or use sockets.
public protocol FrameStorage: AnyObject, Sendable {
    /// Number of bytes in the frame.
    var count: Int { get }
    /// Calls `body` with the frame's bytes, at the same address on every call. Callers other than the
    /// mesh itself must not keep the pointer past `body`.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

/// One part of a multipart message: the envelope header, or one encoded argument or result.
///
/// A frame either holds `Data` (what senders build) or wraps storage owned by a transport (what a
/// zero-copy receive hands up). Bytes are only reachable inside ``withUnsafeBytes(_:)``.
public struct Frame: Sendable {
    private enum Storage: Sendable {
        case data(Data)
        case external(any FrameStorage)
    }
    private let storage: Storage

    /// A frame over `data`.
    public init(_ data: Data) { storage = .data(data) }
    /// A frame over storage owned by a transport.
    public init(external: any FrameStorage) { storage = .external(external) }

    /// Number of bytes in the frame.
    public var count: Int {
        switch storage {
        case .data(let d): return d.count
        case .external(let s): return s.count
        }
    }

    /// Calls `body` with the frame's bytes; the pointer must not escape `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .data(let d): return try d.withUnsafeBytes(body)
        case .external(let s): return try s.withUnsafeBytes(body)
        }
    }

    /// The frame's bytes as `Data`: free when the frame was built from `Data`, one copy otherwise.
    public var data: Data {
        switch storage {
        case .data(let d): return d
        case .external(let s): return s.withUnsafeBytes { Data($0) }
        }
    }

    /// The frame's bytes as `Data` without copying them: the `Data` keeps the frame's storage alive.
    /// It must never be mutated (see ``Data/init(sharing:keepingAlive:)``).
    var sharedData: Data {
        switch storage {
        case .data(let d): return d
        case .external(let s): return s.withUnsafeBytes { Data(sharing: $0, keepingAlive: s) } ?? Data()
        }
    }
}
