import Foundation
import Glibc
import Logging
import Synchronization
import ZeroMQ

/// The I/O thread of a ``ZeroMQTransport``: owns every socket, runs zmq_poll, carries out queued
/// operations and hands received messages to the handler.
final class IOLoop: @unchecked Sendable {
    // @unchecked: built on the thread that calls `start` and then used only by the I/O thread
    // (Thread.start is a full memory barrier); nothing here is touched by two threads.

    private struct Dealer {
        let socket: ZMQSocket
        let monitor: ZMQSocket?
        var watch: DealerWatch
        /// The peer's ``InprocBindings`` generation when this DEALER connected (inproc:// only).
        let generation: UInt64
    }

    // Not the transport itself: its last reference can go on this very thread (a handler's
    // temporary reference to the mesh system that owns it), and the loop must then still be able to
    // see `stopping` and wind down.
    private let shared: ZeroMQTransport.SharedState
    private let settings: ZeroMQTransport.Settings
    private let context: ZMQContext
    private let router: ZMQSocket
    private let zap: ZMQSocket?
    private let wake: WakePipe
    private let handler: @Sendable (TransportEvent) -> Void
    private var dealers: [String: Dealer] = [:]
    /// Whether the current turn of the loop moved a message of ``largeMessageBytes`` or more.
    private var movedLargeMessage = false
    /// After moving a message this large the loop does not spin: the next message cannot come within
    /// the spin (the transfer alone takes longer), and spinning would take a core from libzmq's I/O
    /// thread while it copies the bytes through the socket.
    static let largeMessageBytes = 1 << 20
    private static let monitorSequence = Atomic<UInt64>(0)
    private var logger: Logger { settings.logger }
    let boundEndpoint: String

    init(
        transport: ZeroMQTransport, context: ZMQContext, bind: String, wake: WakePipe,
        handler: @escaping @Sendable (TransportEvent) -> Void
    ) throws(ZMQError) {
        shared = transport.shared
        settings = transport.settings
        self.context = context
        self.wake = wake
        self.handler = handler
        let security = settings.security
        if security != nil {
            let zap = try ZMQSocket(context, .rep)
            try zap.setLinger(0)
            try zap.bind("inproc://zeromq.zap.01")
            self.zap = zap
        } else {
            zap = nil
        }
        router = try ZMQSocket(context, .router)
        try router.setLinger(0)
        try router.setRouterMandatory(true)
        try router.setSendHighWaterMark(settings.highWaterMark)
        try router.setReceiveHighWaterMark(settings.highWaterMark)
        try router.setMaxMessageSize(Int64(settings.maxMessageBytes))
        if let security { try router.makeCurveServer(security.keys) }
        try router.bind(bind)
        boundEndpoint = router.lastEndpoint.isEmpty ? bind : router.lastEndpoint
        InprocBindings.changed(boundEndpoint, bound: true)
    }

    func run() {
        var poller = ZMQPoller()
        var slots = PollSlots()
        func add(_ slot: PollSlots.Slot, _ item: ZMQPoller.Item) { slots.record(slot, at: poller.add(item)) }
        var spinUntil: UInt64 = 0
        let spinNanoseconds = UInt64(max(0, settings.spinMicroseconds)) * 1000
        while true {
            poller.removeAll()
            slots.removeAll()
            add(.wake, .fd(wake.readFD))
            add(.router, .socket(router))
            if let zap { add(.zap, .socket(zap)) }
            let peers = Array(dealers.keys)
            for peer in peers { if let d = dealers[peer] { add(.dealer(peer: peer), .socket(d.socket)) } }
            for peer in peers { if let m = dealers[peer]?.monitor { add(.monitor(peer: peer), .socket(m)) } }

            var timeout = 0
            if Self.monotonicNanoseconds() >= spinUntil {
                // Going to sleep: from now on enqueuers ring the pipe (unless work is already waiting).
                if shared.withLock({ $0.outbox.mayBlock() }) { timeout = 1000 }
            } else {
                // Spinning: let whichever thread will produce the next message run first.
                sched_yield()
            }
            let ready: PollSlots.Ready
            do {
                ready = slots.ready(try poller.poll(timeoutMilliseconds: timeout))
            } catch {
                logger.error("zmq_poll failed: \(error); stopping the transport's I/O")
                break
            }
            if timeout != 0 { shared.withLock { $0.outbox.awoke() } }
            if ready.contains(.wake) { wake.drain() }
            if shared.withLock({ $0.outbox.stopping }) { break }
            if ready.contains(.router) { drain(router, channel: nil) }
            if ready.contains(.zap) { answerZAP() }
            for peer in peers where ready.contains(.dealer(peer: peer)) {
                if let socket = dealers[peer]?.socket { drain(socket, channel: peer) }
            }
            for peer in peers where ready.contains(.monitor(peer: peer)) { readMonitor(peer) }
            let performed = performQueued()
            if performed > 0 || !ready.isEmpty {
                spinUntil = movedLargeMessage ? 0 : Self.monotonicNanoseconds() + spinNanoseconds
            }
            movedLargeMessage = false
        }
        closeAll()
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    // MARK: Outbound

    /// Carries out what callers queued; returns how many operations there were.
    @discardableResult
    private func performQueued() -> Int {
        let operations = shared.withLock { $0.outbox.take() }
        for operation in operations {
            switch operation {
            case .send(let peer, let frames): sendRequest(frames, to: peer)
            case .reply(let route, let frames): sendReply(frames, route: route)
            case .reset(let peer): dropDealer(peer)
            }
        }
        return operations.count
    }

    private func messages(_ frames: [Frame]) throws(ZMQError) -> [ZMQMessage] {
        var out: [ZMQMessage] = []
        out.reserveCapacity(frames.count)
        for frame in frames { out.append(try ZMQMessage(noCopy: frame.data)) }
        return out
    }

    private func sendRequest(_ frames: [Frame], to peer: String) {
        for attempt in 0..<2 {
            do {
                let dealer = try dealer(for: peer)
                try dealer.send(try messages(frames), dontWait: true)
                noteSize(of: frames)
                shared.withLock { $0.stats.recordSent(frames) }
                return
            } catch  where error.wouldBlock && attempt == 0 {
                // A DEALER to a peer that restarted on the same port can stay blocked: start afresh.
                dropDealer(peer)
            } catch {
                logger.warning("could not send to \(peer): \(error)")
                handler(
                    .peerFailed(
                        peer: peer, error: TransportError(error.wouldBlock ? .wouldBlock : .io, "\(peer): \(error)")))
                return
            }
        }
    }

    private func sendReply(_ frames: [Frame], route: Data) {
        do {
            let routing = try ZMQMessage(copying: Array(route))
            try router.send([routing] + (try messages(frames)), dontWait: true)
            noteSize(of: frames)
            shared.withLock { $0.stats.recordSent(frames) }
        } catch {
            // The caller disconnected or its queue is full: it will see its own deadline pass.
            logger.warning("could not send a reply (\(frames.count) frames): \(error)")
        }
    }

    private func dealer(for peer: String) throws(ZMQError) -> ZMQSocket {
        if let existing = dealers[peer] {
            // An inproc:// peer that closed or was bound anew since this DEALER connected: its pipe
            // is dead or about to be, and would swallow what is sent now. Connect afresh.
            guard !InprocBindings.isCurrent(existing.generation, for: peer) else { return existing.socket }
            dropDealer(peer)
        }
        let socket = try ZMQSocket(context, .dealer)
        try socket.setLinger(0)
        try socket.setSendHighWaterMark(settings.highWaterMark)
        try socket.setReceiveHighWaterMark(settings.highWaterMark)
        try socket.setReconnectInterval(settings.reconnectIntervalMilliseconds)
        try configureLiveness(of: socket)
        try socket.setMaxMessageSize(Int64(settings.maxMessageBytes))
        if let security = settings.security {
            guard let serverKey = security.serverKey(for: peer), let keyBytes = try? Z85.decodeKey(serverKey) else {
                handler(
                    .peerFailed(
                        peer: peer,
                        error: TransportError(
                            .security,
                            "no CURVE server key is known for \(peer): give it in the node's security settings")))
                throw ZMQError(errno: EINVAL, operation: "CURVE setup for \(peer)")
            }
            try socket.makeCurveClient(security.keys, serverKey: keyBytes)
        }
        // Every DEALER is monitored: a dropped connection takes the requests it was carrying with it
        // (their replies can never come back on it), and the mesh must hear of that at once rather
        // than when each call's deadline passes; refused attempts and completed handshakes tell it
        // whether the peer is there at all (``DealerWatch``).
        // Unique in the process: every transport without CURVE shares one ZeroMQ context, and an
        // inproc name stays taken until libzmq has finished closing the monitor that bound it.
        let sequence = Self.monitorSequence.wrappingAdd(1, ordering: .relaxed).newValue
        let address = "inproc://fedactors-monitor-\(sequence)"
        try socket.monitor(address, events: DealerWatch.events(curve: settings.security != nil))
        let monitor = try ZMQSocket(context, .pair)
        try monitor.setLinger(0)
        try monitor.connect(address)
        let generation = InprocBindings.connectingGeneration(of: peer)
        try socket.connect(peer)
        dealers[peer] = Dealer(
            socket: socket, monitor: monitor, watch: settings.watch(peer), generation: generation)
        return socket
    }

    /// Heartbeats and timeouts that let a dead or frozen peer be noticed within seconds.
    private func configureLiveness(of socket: ZMQSocket) throws(ZMQError) {
        try socket.setConnectTimeout(settings.connectTimeout.clampedMilliseconds)
        try socket.setHandshakeInterval(settings.handshakeTimeout.clampedMilliseconds)
        if let heartbeat = settings.heartbeat {
            let timeout = heartbeat.timeout.clampedMilliseconds
            try socket.setHeartbeat(
                intervalMilliseconds: heartbeat.interval.clampedMilliseconds, timeoutMilliseconds: timeout,
                ttlMilliseconds: timeout)
        }
    }

    /// Closes a peer's DEALER and its monitor, in ``DealerClosing``'s order.
    private func dropDealer(_ peer: String) {
        guard let d = dealers.removeValue(forKey: peer) else { return }
        for step in DealerClosing.steps(monitored: d.monitor != nil) {
            switch step {
            case .stopMonitoring:
                do { try d.socket.stopMonitor() } catch {
                    logger.warning("could not stop monitoring \(peer): \(error)")
                }
            case .closeMonitor: d.monitor?.close()
            case .closeDealer: d.socket.close()
            }
        }
    }

    private func noteSize(of frames: [Frame]) {
        if !movedLargeMessage, frames.reduce(0, { $0 + $1.count }) >= Self.largeMessageBytes {
            movedLargeMessage = true
        }
    }

    // MARK: Inbound

    /// Reads every waiting message of `socket` (at most 1,000, for fairness between sockets).
    private func drain(_ socket: ZMQSocket, channel peer: String?) {
        for _ in 0..<1000 {
            let received: ZMQSocket.Received?
            // On the ROUTER the routing id (5 bytes from libzmq) is a part too: allow room for it.
            do {
                received = try socket.receive(
                    dontWait: true, maxTotalBytes: settings.maxMessageBytes + (peer == nil ? 256 : 0))
            } catch {
                logger.warning("receive failed: \(error)")
                return
            }
            guard let received else { return }
            switch received {
            case .oversized(let bytes, let parts):
                let channel: InboundMessage.Channel =
                    peer.map { .outbound(peer: $0) } ?? .inbound(ReplyRoute(token: Data()))
                handler(.oversized(channel: channel, bytes: bytes, frames: peer == nil ? max(0, parts - 1) : parts))
            case .message(var parts):
                let channel: InboundMessage.Channel
                if let peer {
                    channel = .outbound(peer: peer)
                } else {
                    guard !parts.isEmpty else { continue }
                    channel = .inbound(ReplyRoute(token: parts.removeFirst().withBytes { Data($0) }))
                }
                let frames = parts.map { Frame(external: ReceivedFrame($0)) }
                noteSize(of: frames)
                shared.withLock { $0.stats.recordReceived(frames) }
                handler(.message(InboundMessage(frames: frames, channel: channel)))
            }
        }
    }

    private func answerZAP() {
        guard let zap, let parts = try? zap.receive(dontWait: true) else { return }
        let request = parts.map { $0.withBytes { Array($0) } }
        let decision = ZAPDecision.reply(to: request, allowed: settings.security?.allowedClientKeys)
        if !decision.accepted {
            logger.warning(
                """
                refused a CURVE client whose public key \(decision.clientKey ?? "(none)") is not on this node's \
                allow-list
                """
            )
        }
        do {
            try zap.send(bytes: decision.reply, dontWait: true)
        } catch {
            logger.error("could not answer a ZAP request: \(error)")
        }
    }

    private func readMonitor(_ peer: String) {
        guard let monitor = dealers[peer]?.monitor else { return }
        // The DEALER may be dropped while its events are read: stop reading then.
        while dealers[peer]?.monitor === monitor, let event = try? ZMQMonitorEvent.read(from: monitor) {
            let now = Self.monotonicNanoseconds() / 1_000_000
            guard let outcome = dealers[peer]?.watch.observe(event.event, value: event.value, now: now) else { return }
            if let warning = outcome.warning { logger.warning("\(warning)") }
            if outcome.forget { dropDealer(peer) }
            if let event = outcome.event { handler(event) }
        }
    }

    private func closeAll() {
        for peer in Array(dealers.keys) { dropDealer(peer) }
        router.close()
        InprocBindings.changed(boundEndpoint, bound: false)
        zap?.close()
    }
}
