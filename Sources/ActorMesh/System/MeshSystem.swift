import Distributed
import Foundation
import Logging
import Synchronization

/// Distributed actors declared in modules that import ActorMesh use ``MeshSystem`` unless they say otherwise.
public typealias DefaultDistributedActorSystem = MeshSystem

/// The FedActors distributed actor system: runs distributed actors on one node and calls actors on
/// other nodes through a ``Transport`` (ZeroMQ across processes and hosts, in-memory in tests).
///
/// - Calls carry a deadline (``MeshSettings/defaultDeadline``, or ``withDeadline(_:isolation:operation:)``)
///   and fail with a typed ``MeshError`` when the peer is dead, the actor or method is unknown, the
///   arguments cannot be decoded, or the system shuts down. They never hang past their deadline.
/// - Errors thrown by a remote actor are re-thrown at the caller: as themselves when `Codable` and
///   registered in ``RemoteErrorTypes``, else as ``RemoteCallError``.
/// - Every message is metered in ``ledger``; ``setFaults(_:)`` injects drops, delay and bandwidth caps.
///
/// Calls to an actor hosted by the *same* system never reach the transport (Swift calls it directly),
/// so they are neither serialized nor metered: give each simulated node its own system.
public final class MeshSystem: DistributedActorSystem, Sendable {
    public typealias ActorID = MeshActorID
    public typealias InvocationEncoder = MeshInvocationEncoder
    public typealias InvocationDecoder = MeshInvocationDecoder
    public typealias ResultHandler = MeshResultHandler
    public typealias SerializationRequirement = Codable

    /// How this node reaches and is reached by others.
    public let transport: any Transport
    public let settings: MeshSettings
    /// Every message sent and received by this node.
    public let ledger = TrafficLedger()
    /// Random per system start, never 0. Peers use it to notice restarts.
    package let incarnation: UInt64

    let registry = ActorRegistry()
    /// The listeners of ``peerEvents()``.
    let peerEventHub = PeerEventHub()
    let state: Mutex<State>

    struct State {
        /// Which run this node serves and who coordinates it.
        var membership: RunMembership
        /// Rate limit of the warnings about refused messages.
        var refusalLog = RefusalLog()
        var pending = PendingCalls()
        /// The one task that fails calls past their deadline (``DeadlineSweeper``).
        var sweeper = DeadlineSweeper()
        var nextCallID: UInt64 = 0
        var nextAutoID: UInt64 = 0
        var peerIncarnations: [String: UInt64] = [:]
        /// Whether each peer's connection is up (``PeerLiveness``).
        var liveness = PeerLiveness()
        var faults = FaultInjector()
        var isShutDown = false
        /// When the last call was admitted (on ``settings``' clock), or nil before the first.
        var lastAdmitted: Duration?
        var methodNames: [String: String] = [:]
        var typeNames: [ObjectIdentifier: (readable: String, mangled: String?)] = [:]
    }

    /// Starts a system on `transport` (binding it) and begins serving calls.
    public init(transport: any Transport, settings: MeshSettings = MeshSettings()) throws {
        self.transport = transport
        self.settings = settings
        var generator = SystemRandomNumberGenerator()
        incarnation = UInt64.random(in: 1...UInt64.max, using: &generator)
        state = Mutex(
            State(
                membership: RunMembership(
                    token: settings.runToken, controlPaths: settings.controlPaths, lease: settings.runLease)))
        try transport.start { [weak self] event in self?.handle(event) }
    }

    /// The endpoint in this node's actor IDs: the advertised one, or the transport's (with the
    /// advertised host, if any, in place of the address it bound).
    public var endpoint: String {
        if let advertised = settings.advertisedEndpoint { return advertised }
        let bound = transport.endpoint
        guard let host = settings.advertisedHost, bound.hasPrefix("tcp://"), let colon = bound.lastIndex(of: ":") else {
            return bound
        }
        return "tcp://\(host)\(bound[colon...])"
    }

    var logger: Logger {
        var logger = settings.logger
        logger[metadataKey: "node"] = "\(endpoint)"
        return logger
    }

    /// Paths of the actors this node hosts now.
    public var hostedPaths: [String] { registry.paths }

    /// Number of calls sent and not yet answered.
    package var pendingCallCount: Int { state.withLock { $0.pending.count } }

    /// Injects faults into every message this node sends from now on. Throws for out-of-range settings.
    package func setFaults(_ plan: FaultPlan) throws(MeshError) {
        _ = try plan.defaultLink.validated()
        for (_, link) in plan.links { _ = try link.validated() }
        state.withLock { $0.faults = FaultInjector(plan: plan) }
    }

    /// Fails every pending call with ``MeshError/Code/shutDown``, stops serving and closes the transport.
    /// Later calls fail at once. Idempotent.
    public func shutdown() {
        let entries = state.withLock { s -> [PendingCalls.Entry] in
            guard !s.isShutDown else { return [] }
            s.isShutDown = true
            s.sweeper.stop()
            return s.pending.completeAll()
        }
        for entry in entries {
            entry.continuation.resume(
                throwing: MeshError(
                    .shutDown,
                    """
                    the actor system on \(endpoint) shut down while \(entry.label.method) to \(entry.peer) was in \
                    flight
                    """
                ))
        }
        transport.shutdown()
        peerEventHub.finish()
    }

    /// The readable name of a distributed method identifier, cached (demangling is not free). The
    /// cache stops growing at ``maxCachedMethodNames``: identifiers come from peers too.
    func methodName(_ identifier: String) -> String {
        if let name = state.withLock({ $0.methodNames[identifier] }) { return name }
        let name = MethodName.readable(RemoteCallTarget(identifier))
        state.withLock { if $0.methodNames.count < Self.maxCachedMethodNames { $0.methodNames[identifier] = name } }
        return name
    }

    /// Far more distributed methods than any program has.
    static let maxCachedMethodNames = 4096

    /// The run token this system stamps on what it sends now (``RunToken/none`` while it has no run).
    package var runToken: RunToken { state.withLock { $0.membership.token } }

    /// How long ago this node admitted its last inbound call (on its settings' clock), or nil when it
    /// has admitted none: a node that outlives its parent serves while its run still calls it.
    package var sinceLastCall: Duration? {
        let last = state.withLock { $0.lastAdmitted }
        return last.map { settings.clock.now() - $0 }
    }

    /// Returns a node claimed by a run (started without a token) to open, so another run may use it.
    /// Returns whether it was claimed. Called by ``NodeService/release()``, a control call that only the
    /// run's coordinator can make.
    @discardableResult
    package func releaseRun() -> Bool {
        let released = state.withLock { $0.membership.release() }
        if released { logger.notice("the run's coordinator released this node: it serves the next run that claims it") }
        return released
    }

    /// `String(reflecting: type)`, which every call names its actor type by, worked out once per type.
    func typeName(_ type: Any.Type) -> String { typeNames(type).readable }

    /// The readable and the mangled name of `type`, worked out once per type (both are asked for on
    /// every call, and both are slow to build).
    func typeNames(_ type: Any.Type) -> (readable: String, mangled: String?) {
        let key = ObjectIdentifier(type)
        if let names = state.withLock({ $0.typeNames[key] }) { return names }
        let names = (readable: String(reflecting: type), mangled: _mangledTypeName(type))
        state.withLock { $0.typeNames[key] = names }
        return names
    }

    /// Raw arrays of at least this many bytes in arguments and results travel in out-of-line frames,
    /// straight from the array's memory (``BinaryEncoder/encode(_:outOfLineFrom:firstIndex:)``).
    static let outOfLineThreshold = 64 * 1024

    /// Encodes an argument or result for the wire: its frame, and the out-of-line frames of its large
    /// raw arrays, numbered from `firstIndex`.
    static func encodeForWire<T: Encodable>(_ value: T, firstIndex: Int = 0) throws -> (inline: Data, outOfLine: [Data])
    {
        try BinaryEncoder().encode(value, outOfLineFrom: outOfLineThreshold, firstIndex: firstIndex)
    }

    /// Decodes `T` from a frame, whose out-of-line arrays are in `outOfLine`, with this system set
    /// for actor references inside it.
    func decode<T: Decodable>(_ type: T.Type, from frame: Frame, outOfLine: ArraySlice<Frame> = []) throws -> T {
        var decoder = BinaryDecoder()
        decoder.userInfo[.actorSystemKey] = self
        return try frame.withUnsafeBytes { bytes in
            try decoder.decode(T.self, from: bytes, outOfLine: .frames(Array(outOfLine)))
        }
    }
}

/// Turns a mangled distributed target into `method(label:)` for ledgers and messages.
enum MethodName {
    static func readable(_ target: RemoteCallTarget) -> String {
        // `description` is the demangled full name, e.g. "Module.Type.method(label:)".
        let full = target.description
        guard let paren = full.firstIndex(of: "(") else { return full }
        let head = full[..<paren]
        let method = head.split(separator: ".").last.map(String.init) ?? String(head)
        return method + full[paren...]
    }
}
