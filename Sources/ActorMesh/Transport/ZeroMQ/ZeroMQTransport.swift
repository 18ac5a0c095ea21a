import Foundation
import Glibc
import Logging
import Synchronization
import ZeroMQ

/// The ``Transport`` over libzmq: tcp:// across processes and hosts, inproc:// inside one process.
///
/// One ROUTER socket is bound for inbound requests (replies to them go back through it, by routing
/// id); one DEALER per peer is made on first use for outbound requests (their replies come back on
/// it). A single dedicated I/O thread owns every socket and waits in zmq_poll; `send`, `reply` and
/// `resetPeer` only queue an operation (and ring a pipe if the thread sleeps), so callers never block
/// and never touch a socket. Large frames are sent without copying (the Data is retained until libzmq is done) and
/// received without copying (frames wrap the zmq message).
///
/// Every DEALER is watched through a socket monitor, with ZMTP heartbeats (``Settings/heartbeat``):
/// the transport reports each peer up when a handshake succeeds and down when its connection drops,
/// its heartbeats go unanswered, or connecting to it fails (``TransportEvent/peerDown(peer:error:)``).
public final class ZeroMQTransport: Transport {
    /// Tuning and security of one transport.
    public struct Settings: Sendable {
        /// Messages queued per peer before sends fail (libzmq's high-water mark).
        public var highWaterMark: Int32 = 10_000
        /// Milliseconds between reconnection attempts to a peer that is down.
        public var reconnectIntervalMilliseconds: Int32 = 100
        /// Microseconds the I/O thread keeps polling without blocking after it last moved a message.
        /// The reply to a call it just delivered, or the next message of a burst, usually comes
        /// within this window, and picking it up there saves a pipe write and the wake-up of a
        /// sleeping thread per hop. It costs at most this much CPU per burst; 0 turns it off. There is
        /// no spin after a message of 1 MiB or more, whose transfer outlasts it. 200 rather than 50:
        /// a loopback round trip took 55–110 µs on raw libzmq on a Zen 5 VM, so a 50 µs spin ended
        /// before the reply came back (MeshBench --spin, nine alternating runs: small call median
        /// 227 µs, range 133–283, at 50; median 155 µs, range 133–173, at 200).
        public var spinMicroseconds: Int = 200
        /// ZMTP heartbeats on every outbound connection, so a peer that vanishes without closing its
        /// TCP connection (a frozen process, a partition) is reported down within `timeout`
        /// (``Heartbeat``); nil turns them off and leaves such a peer to the calls' deadlines.
        public var heartbeat: Heartbeat? = Heartbeat()
        /// How long one connection attempt to a peer may take before it counts as failed (and the
        /// peer as unreachable). A refused attempt fails at once, whatever this is.
        public var connectTimeout: Duration = .seconds(5)
        /// How long a connection's ZMTP handshake (CURVE included) may take. A peer whose kernel
        /// accepts the connection but whose process does not answer (stopped, frozen) is reported
        /// down after this long.
        public var handshakeTimeout: Duration = .seconds(5)
        /// The largest message this node takes, all its frames together, in bytes (ZMQ_MAXMSGSIZE for each
        /// frame, and a running total while a message's frames are read). A larger message is dropped and
        /// counted as refused instead of being received whole: a peer cannot make the node hold
        /// more than this per message. 256 MiB: a model of 64 M parameters, far above what runs send.
        public var maxMessageBytes: Int = 256 << 20
        public var security: ZeroMQSecurity?
        public var logger = Logger(label: "fedactors.zeromq")
        public init(security: ZeroMQSecurity? = nil) { self.security = security }
    }

    enum Operation {
        case send(peer: String, frames: [Frame])
        case reply(route: Data, frames: [Frame])
        case reset(peer: String)
    }

    struct Shared {
        /// Callers' operations for the I/O thread, and whether a caller must wake it.
        var outbox = Outbox<Operation>()
        var stats = TransportStatistics()
        var endpoint = ""
    }

    /// ``Shared`` behind a lock, owned jointly by the transport and its I/O loop.
    final class SharedState: Sendable {
        private let state = Mutex(Shared())
        func withLock<R>(_ body: (inout sending Shared) throws -> sending R) rethrows -> sending R {
            try state.withLock(body)
        }
    }

    private let requestedEndpoint: String
    let settings: Settings
    let shared = SharedState()
    private let wakePipe: WakePipe
    private let done = DispatchSemaphore(value: 0)
    private let started = Mutex(false)
    /// The I/O thread, once it runs: `shutdown` called on it (the transport released by its own
    /// handler) must not wait for itself.
    private let ioThread = ThreadIdentity()
    private let context: ZMQContext

    /// A transport that will bind `bind` (`tcp://127.0.0.1:0` picks a free port; `inproc://name`).
    public init(bind: String, settings: Settings = Settings()) throws {
        requestedEndpoint = Self.normalize(bind)
        self.settings = settings
        // A node with CURVE gets a private context: the ZAP handler endpoint is one per context.
        context = settings.security == nil ? .shared : try ZMQContext()
        wakePipe = try WakePipe()
    }

    /// Convenience: a transport bound at `bind`, encrypted with `security` when given.
    public convenience init(bind: String, security: ZeroMQSecurity?) throws {
        try self.init(bind: bind, settings: Settings(security: security))
    }

    deinit {
        shutdown()
        wakePipe.close()
    }

    public var endpoint: String { shared.withLock { $0.endpoint } }

    public var statistics: TransportStatistics { shared.withLock { $0.stats } }

    public func start(_ handler: @escaping @Sendable (TransportEvent) -> Void) throws {
        guard !started.withLock({ $0 }) else {
            throw TransportError(.bindFailed, "\(requestedEndpoint): the transport is already started")
        }
        let loop = try makeLoop(handler)
        shared.withLock { $0.endpoint = loop.boundEndpoint }
        // Marked started only now: `shutdown` (and so `deinit`) waits for the thread only if it runs.
        started.withLock { $0 = true }
        let thread = Thread { [done, ioThread] in
            ioThread.adoptCurrent()
            loop.run()
            done.signal()
        }
        thread.name = "fedactors-zmq-io"
        thread.start()
    }

    /// Binds the sockets. libzmq releases an address asynchronously after its socket closes, so a node
    /// restarting at the same fixed address (same process, or a process that just exited) retries
    /// EADDRINUSE for up to a second before giving up.
    private func makeLoop(_ handler: @escaping @Sendable (TransportEvent) -> Void) throws -> IOLoop {
        var attempts = 0
        while true {
            do {
                return try IOLoop(
                    transport: self, context: context, bind: requestedEndpoint, wake: wakePipe, handler: handler)
            } catch  where error.errno == EADDRINUSE && !requestedEndpoint.hasSuffix(":*") && attempts < 50 {
                attempts += 1
                usleep(20_000)
            } catch {
                throw TransportError(.bindFailed, error.description + Self.bindHint(errno: error.errno))
            }
        }
    }

    /// What to do about a bind that failed with `errno`, for the two causes a user can fix.
    static func bindHint(errno: Int32) -> String {
        switch errno {
        case EADDRNOTAVAIL:
            ": no interface of this machine has that address; bind one it has (see `ip addr`), or create it first"
        case EADDRINUSE: ": another socket listens there; choose another port, or port 0 for any free one"
        default: ""
        }
    }

    public func send(_ frames: [Frame], to peer: String) throws {
        guard peer.hasPrefix("tcp://") || peer.hasPrefix("inproc://") || peer.hasPrefix("ipc://") else {
            throw TransportError(
                .badEndpoint, "'\(peer)' is not a ZeroMQ endpoint: use tcp://<host>:<port> or inproc://<name>")
        }
        try enqueue(.send(peer: peer, frames: frames))
    }

    public func reply(_ frames: [Frame], via route: ReplyRoute) throws {
        try enqueue(.reply(route: route.token, frames: frames))
    }

    public func resetPeer(_ peer: String) {
        try? enqueue(.reset(peer: peer))
    }

    public func shutdown() {
        let wasRunning = shared.withLock { $0.outbox.stop() }
        guard wasRunning, started.withLock({ $0 }) else { return }
        wake()
        if !ioThread.isCurrent { done.wait() }
    }

    private func enqueue(_ operation: Operation) throws {
        switch shared.withLock({ $0.outbox.enqueue(operation) }) {
        case .refused: throw TransportError(.shutDown, "the transport of \(endpoint) is shut down")
        case .queuedRingWake: wake()
        case .queued: break
        }
    }

    func wake() { wakePipe.ring() }

    /// libzmq wants `*` for "any port"; accept the more familiar port 0 too.
    static func normalize(_ endpoint: String) -> String {
        endpoint.hasPrefix("tcp://") && endpoint.hasSuffix(":0") ? String(endpoint.dropLast()) + "*" : endpoint
    }
}

/// Which thread something runs on, compared by pthread identity (thread names are not reliable:
/// on Linux a new thread inherits its creator's).
final class ThreadIdentity: Sendable {
    private let thread = Mutex<pthread_t?>(nil)

    /// Records the calling thread.
    func adoptCurrent() { thread.withLock { $0 = pthread_self() } }

    /// Whether the calling thread is the recorded one.
    var isCurrent: Bool { thread.withLock { $0.map { pthread_equal($0, pthread_self()) != 0 } ?? false } }
}
