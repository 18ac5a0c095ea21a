import Distributed
import Foundation

/// A call that arrived and must be answered exactly once.
package struct InboundCall: Sendable {
    let envelope: Envelope
    let route: ReplyRoute
    /// The ledger row the call was received under (direction `.received`, kind `.request`; for a
    /// refused call the fixed row of its refusal, ``TrafficKey/refused(_:)``).
    var key: TrafficKey
}

extension MeshSystem {
    /// Runs on the transport's thread: must not block. Calls are executed in tasks of their own.
    func handle(_ event: TransportEvent) {
        switch event {
        case .peerFailed(let peer, let error):
            let entries = state.withLock { $0.pending.completeAll(peer: peer) }
            logger.warning("peer \(peer) failed: \(error.message)")
            for entry in entries {
                entry.continuation.resume(throwing: MeshError(.transport, "\(peer): \(error.message)"))
            }
        case .peerUp(let peer):
            peerCameUp(peer)
        case .peerDown(let peer, let error):
            peerWentDown(peer, error)
        case .message(let message):
            receive(message)
        case .oversized(let channel, let bytes, let frames):
            ledger.record(.refused(.messageTooLarge), envelopeBytes: 0, payloadBytes: bytes, frames: frames)
            let from = if case .outbound(let peer) = channel { " from \(peer)" } else { "" }
            logRefusal(
                peer: "?",
                """
                discarded a message of \(bytes) bytes in \(frames) frame(s)\(from): it is larger than this node's \
                maximum message size
                """
            )
        }
    }

    private func receive(_ message: InboundMessage) {
        let envelope: Envelope
        do {
            guard let header = message.frames.first else { throw MeshError(.malformedFrame, "an empty message") }
            envelope = try header.withUnsafeBytes { try Envelope(decoding: $0) }
            guard Int(envelope.payloadFrames) == message.frames.count - 1 else {
                throw MeshError(
                    .malformedFrame,
                    """
                    the envelope announces \(envelope.payloadFrames) payload frame(s) but \(message.frames.count - 1) \
                    arrived
                    """
                )
            }
        } catch {
            reject(message, error as? MeshError ?? MeshError(.malformedFrame, "\(error)"))
            return
        }
        switch (envelope.kind, message.channel) {
        case (.call, .inbound(let route)):
            receiveCall(envelope, message.frames, route: route)
        case (.reply, .outbound(let peer)), (.remoteError, .outbound(let peer)), (.systemError, .outbound(let peer)):
            receiveReply(envelope, message.frames, from: peer)
        default:
            reject(
                message, MeshError(.malformedFrame, "a \(envelope.kind) message arrived on the wrong channel"),
                peer: PeerName.capped(envelope.senderEndpoint))
        }
    }

    /// Counts and logs a message no actor will see; the node keeps serving.
    private func reject(_ message: InboundMessage, _ error: MeshError, peer: String = "?") {
        ledger.record(.refused(error.code), frames: message.frames)
        logRefusal(peer: peer, "rejected a message of \(message.frames.count) frame(s): \(error.message)")
    }

    private func receiveCall(_ envelope: Envelope, _ frames: [Frame], route: ReplyRoute) {
        if let refusal = refusal(of: envelope) {
            refuse(envelope, frames, route: route, refusal)
            return
        }
        let now = settings.clock.now()
        let decision = state.withLock {
            let decision = $0.membership.admit(
                token: envelope.runToken, sender: envelope.senderIncarnation, path: envelope.recipientPath, now: now)
            if case .refuse = decision {} else { $0.lastAdmitted = now }
            return decision
        }
        switch decision {
        case .refuse(let error):
            refuse(envelope, frames, route: route, error)
            return
        case .admitNewRun:
            // A node serves one run at a time, and reports only that run's traffic.
            ledger.reset()
            logger.notice("a coordinator claimed this node for run \(envelope.runToken)")
        case .admit:
            break
        }
        guard let actor = registry.actor(at: envelope.recipientPath) else {
            let hosted = registry.paths.joined(separator: ", ")
            refuse(
                envelope, frames, route: route,
                MeshError(
                    .unknownActor,
                    """
                    no actor at '\(PeerName.capped(envelope.recipientPath))' on \(endpoint) (it hosts: \
                    \(hosted.isEmpty ? "none" : hosted))
                    """
                ))
            return
        }
        let names = typeNames(type(of: actor))
        guard names.readable == envelope.actorType else {
            refuse(
                envelope, frames, route: route,
                MeshError(
                    .actorTypeMismatch,
                    """
                    the actor at '\(envelope.recipientPath)' is a \(names.readable), not a \
                    \(PeerName.capped(envelope.actorType))
                    """
                ))
            return
        }
        // A method of another type would be run on this actor's memory: refuse before executing.
        if let mangled = names.mangled, !envelope.target.contains(mangled) {
            refuse(
                envelope, frames, route: route,
                MeshError(
                    .unknownTarget,
                    "\(PeerName.capped(envelope.target)) is not a distributed method of \(envelope.actorType)"))
            return
        }
        // Every part of the row is the mesh's own now but the sender's name, which is capped.
        let key = TrafficKey(
            peer: PeerName.capped(envelope.senderEndpoint), actorType: names.readable,
            method: methodName(envelope.target),
            direction: .received, kind: .request)
        ledger.record(key, frames: frames)
        let call = InboundCall(envelope: envelope, route: route, key: key)
        let payload = frames.dropFirst()
        let outOfLine = payload.suffix(Int(envelope.outOfLineFrames))
        let arguments = Array(payload.dropLast(Int(envelope.outOfLineFrames)))
        Task { await self.execute(actor, call, frames, arguments, outOfLine) }
    }

    /// Counts a call no actor will run in the fixed row of `error`'s code, logs it (rate limited) and
    /// answers it with `error`.
    private func refuse(_ envelope: Envelope, _ frames: [Frame], route: ReplyRoute, _ error: MeshError) {
        let key = TrafficKey.refused(error.code)
        ledger.record(key, frames: frames)
        logRefusal(
            peer: PeerName.capped(envelope.senderEndpoint),
            "refused a call to '\(PeerName.capped(envelope.recipientPath))': \(error.message)")
        replyFailure(to: InboundCall(envelope: envelope, route: route, key: key), error)
    }

    /// Why a call must not run here whatever its run, if it must not.
    private func refusal(of envelope: Envelope) -> MeshError? {
        if envelope.fingerprint != settings.buildFingerprint {
            return MeshError(
                .buildMismatch,
                """
                \(PeerName.capped(envelope.senderEndpoint)) runs build \(String(envelope.fingerprint, radix: 16)) and \
                this node runs \(String(settings.buildFingerprint, radix: 16)): run the same FedActors build (and \
                FEDACTORS_BUILD_ID) on every node
                """
            )
        }
        if envelope.recipientIncarnation != 0, envelope.recipientIncarnation != incarnation {
            return MeshError(
                .staleIncarnation, "the call was meant for an earlier incarnation of \(endpoint), which has restarted")
        }
        return nil
    }

    /// Logs a warning about a refused message, at most one line per peer per second (``RefusalLog``).
    func logRefusal(peer: String, _ line: String) {
        let now = settings.clock.now()
        guard let (name, count) = state.withLock({ $0.refusalLog.note(peer: peer, now: now) }) else { return }
        let tally =
            count > 1 ? " (\(count) messages from \(name) refused since the last such line; this is the latest)" : ""
        logger.warning("\(line)\(tally)", metadata: ["peer": "\(name)"])
    }

    private func execute(
        _ actor: any DistributedActor, _ call: InboundCall, _ frames: [Frame], _ arguments: [Frame],
        _ outOfLine: ArraySlice<Frame>
    ) async {
        var decoder = MeshInvocationDecoder(frames: arguments, outOfLine: outOfLine, system: self)
        let handler = MeshResultHandler(system: self, call: call)
        do {
            try await executeDistributedTarget(
                on: actor, target: RemoteCallTarget(call.envelope.target), invocationDecoder: &decoder, handler: handler
            )
        } catch let error as MeshError {
            replyFailure(to: call, error)
        } catch {
            // No such method after all: its made-up name leaves the ledger for the fixed refused row.
            var refused = call
            refused.key = .refused(.unknownTarget)
            ledger.retract(call.key, frames: frames)
            ledger.record(refused.key, frames: frames)
            replyFailure(
                to: refused,
                MeshError(
                    .unknownTarget,
                    "\(PeerName.capped(call.key.method)) cannot run on \(call.envelope.actorType): \(error)"))
        }
    }

    private func receiveReply(_ envelope: Envelope, _ frames: [Frame], from peer: String) {
        let entry = state.withLock { s -> PendingCalls.Entry? in
            if envelope.fingerprint == settings.buildFingerprint {
                s.peerIncarnations[peer] = envelope.senderIncarnation
            }
            return s.pending.complete(envelope.callID)
        }
        var key =
            entry?.label
            ?? TrafficKey(peer: peer, actorType: "?", method: "<late reply>", direction: .received, kind: .reply)
        key.direction = .received
        key.kind = .reply
        ledger.record(key, frames: frames)
        guard let entry else {
            logger.debug("a reply to call \(envelope.callID) from \(peer) came after the call had ended")
            return
        }
        guard envelope.fingerprint == settings.buildFingerprint else {
            entry.continuation.resume(
                throwing: MeshError(
                    .buildMismatch, "\(peer) runs another FedActors build: run the same build on every node"))
            return
        }
        entry.continuation.resume(returning: ReplyMessage(envelope: envelope, payload: Array(frames.dropFirst())))
    }

    /// Sends a reply envelope of `kind` with `payload` frames, then `outOfLine` frames, back to the caller of `call`.
    func reply(to call: InboundCall, kind: Envelope.Kind, payload: [Data], outOfLine: [Data] = []) {
        guard payload.count + outOfLine.count <= Int(UInt16.max) else {
            replyFailure(
                to: call,
                MeshError(
                    .encodeFailure,
                    """
                    the result of \(call.key.method) has \(outOfLine.count) large arrays; a reply carries at most \
                    \(UInt16.max) frames
                    """
                ))
            return
        }
        let envelope = Envelope(
            kind: kind, callID: call.envelope.callID, senderIncarnation: incarnation,
            recipientIncarnation: call.envelope.senderIncarnation, fingerprint: settings.buildFingerprint,
            payloadFrames: UInt16(payload.count + outOfLine.count), outOfLineFrames: UInt16(outOfLine.count),
            runToken: runToken, senderEndpoint: endpoint)
        var key = call.key
        key.direction = .sent
        key.kind = .reply
        do {
            try dispatch(
                [Frame(try envelope.encoded())] + payload.map(Frame.init) + outOfLine.map(Frame.init),
                to: call.key.peer, label: key, route: call.route)
        } catch {
            logger.warning("could not answer \(call.key.method) from \(call.key.peer): \(error)")
        }
    }

    /// Answers `call` with a system error.
    func replyFailure(to call: InboundCall, _ error: MeshError) {
        do {
            reply(to: call, kind: .systemError, payload: [try BinaryEncoder().encode(error)])
        } catch {
            logger.error("could not encode a system error for \(call.key.peer): \(error)")
        }
    }
}
