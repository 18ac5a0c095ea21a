import Distributed
import Foundation

/// A call that arrived and must be answered exactly once.
public struct InboundCall: Sendable {
    let envelope: Envelope
    let route: ReplyRoute
    /// The ledger row the call was received under (direction `.received`, kind `.request`).
    let key: TrafficKey
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
        }
    }

    private func receive(_ message: InboundMessage) {
        let envelope: Envelope
        do {
            guard let header = message.frames.first else { throw MeshError(.malformedFrame, "an empty message") }
            envelope = try header.withUnsafeBytes { try Envelope(decoding: $0) }
            guard Int(envelope.payloadFrames) == message.frames.count - 1 else {
                throw MeshError(.malformedFrame, "the envelope announces \(envelope.payloadFrames) payload frame(s) but \(message.frames.count - 1) arrived")
            }
        } catch {
            reject(message, reason: "\(error)")
            return
        }
        switch (envelope.kind, message.channel) {
        case (.call, .inbound(let route)):
            receiveCall(envelope, message.frames, route: route)
        case (.reply, .outbound(let peer)), (.remoteError, .outbound(let peer)), (.systemError, .outbound(let peer)):
            receiveReply(envelope, message.frames, from: peer)
        default:
            reject(message, reason: "a \(envelope.kind) message from \(envelope.senderEndpoint) arrived on the wrong channel")
        }
    }

    /// Counts and logs a message no actor will see; the node keeps serving.
    private func reject(_ message: InboundMessage, reason: String, peer: String = "?") {
        ledger.record(TrafficKey(peer: peer, actorType: "?", method: "<rejected>", direction: .rejected, kind: .request), frames: message.frames)
        logger.warning("rejected a message of \(message.frames.count) frame(s): \(reason)")
    }

    private func receiveCall(_ envelope: Envelope, _ frames: [Frame], route: ReplyRoute) {
        var key = TrafficKey(
            peer: envelope.senderEndpoint, actorType: envelope.actorType, method: methodName(envelope.target),
            direction: .received, kind: .request)
        let call = InboundCall(envelope: envelope, route: route, key: key)

        if let refusal = refusal(of: envelope) {
            key.direction = .rejected
            ledger.record(key, frames: frames)
            logger.warning("refused \(key.method) from \(envelope.senderEndpoint): \(refusal.message)")
            replyFailure(to: call, refusal)
            return
        }
        ledger.record(key, frames: frames)

        guard let actor = registry.actor(at: envelope.recipientPath) else {
            let hosted = registry.paths.joined(separator: ", ")
            replyFailure(to: call, MeshError(.unknownActor, "no actor at '\(envelope.recipientPath)' on \(endpoint) (it hosts: \(hosted.isEmpty ? "none" : hosted))"))
            return
        }
        let names = typeNames(type(of: actor))
        guard names.readable == envelope.actorType else {
            replyFailure(to: call, MeshError(.actorTypeMismatch, "the actor at '\(envelope.recipientPath)' is a \(names.readable), not a \(envelope.actorType)"))
            return
        }
        // A method of another type would be run on this actor's memory: refuse before executing.
        if let mangled = names.mangled, !envelope.target.contains(mangled) {
            replyFailure(to: call, MeshError(.unknownTarget, "\(key.method) is not a distributed method of \(envelope.actorType)"))
            return
        }
        let payload = frames.dropFirst()
        let outOfLine = payload.suffix(Int(envelope.outOfLineFrames))
        let arguments = Array(payload.dropLast(Int(envelope.outOfLineFrames)))
        Task { await self.execute(actor, call, arguments, outOfLine) }
    }

    /// Why a call must not run here, if it must not.
    private func refusal(of envelope: Envelope) -> MeshError? {
        if envelope.fingerprint != settings.buildFingerprint {
            return MeshError(.buildMismatch, "\(envelope.senderEndpoint) runs build \(String(envelope.fingerprint, radix: 16)) and this node runs \(String(settings.buildFingerprint, radix: 16)): run the same FedActors build (and FEDACTORS_BUILD_ID) on every node")
        }
        if envelope.recipientIncarnation != 0, envelope.recipientIncarnation != incarnation {
            return MeshError(.staleIncarnation, "the call was meant for an earlier incarnation of \(endpoint), which has restarted")
        }
        return nil
    }

    private func execute(_ actor: any DistributedActor, _ call: InboundCall, _ arguments: [Frame], _ outOfLine: ArraySlice<Frame>) async {
        var decoder = MeshInvocationDecoder(frames: arguments, outOfLine: outOfLine, system: self)
        let handler = MeshResultHandler(system: self, call: call)
        do {
            try await executeDistributedTarget(
                on: actor, target: RemoteCallTarget(call.envelope.target), invocationDecoder: &decoder, handler: handler)
        } catch let error as MeshError {
            replyFailure(to: call, error)
        } catch {
            replyFailure(to: call, MeshError(.unknownTarget, "\(call.key.method) cannot run on \(call.envelope.actorType): \(error)"))
        }
    }

    private func receiveReply(_ envelope: Envelope, _ frames: [Frame], from peer: String) {
        let entry = state.withLock { s -> PendingCalls.Entry? in
            if envelope.fingerprint == settings.buildFingerprint { s.peerIncarnations[peer] = envelope.senderIncarnation }
            return s.pending.complete(envelope.callID)
        }
        var key = entry?.label ?? TrafficKey(peer: peer, actorType: "?", method: "<late reply>", direction: .received, kind: .reply)
        key.direction = .received
        key.kind = .reply
        ledger.record(key, frames: frames)
        guard let entry else {
            logger.debug("a reply to call \(envelope.callID) from \(peer) came after the call had ended")
            return
        }
        guard envelope.fingerprint == settings.buildFingerprint else {
            entry.continuation.resume(throwing: MeshError(.buildMismatch, "\(peer) runs another FedActors build: run the same build on every node"))
            return
        }
        entry.continuation.resume(returning: ReplyMessage(envelope: envelope, payload: Array(frames.dropFirst())))
    }

    /// Sends a reply envelope of `kind` with `payload` frames, then `outOfLine` frames, back to the caller of `call`.
    func reply(to call: InboundCall, kind: Envelope.Kind, payload: [Data], outOfLine: [Data] = []) {
        guard payload.count + outOfLine.count <= Int(UInt16.max) else {
            replyFailure(to: call, MeshError(.encodeFailure, "the result of \(call.key.method) has \(outOfLine.count) large arrays; a reply carries at most \(UInt16.max) frames"))
            return
        }
        let envelope = Envelope(
            kind: kind, callID: call.envelope.callID, senderIncarnation: incarnation,
            recipientIncarnation: call.envelope.senderIncarnation, fingerprint: settings.buildFingerprint,
            payloadFrames: UInt16(payload.count + outOfLine.count), outOfLineFrames: UInt16(outOfLine.count), senderEndpoint: endpoint)
        var key = call.key
        key.direction = .sent
        key.kind = .reply
        do {
            try dispatch([Frame(try envelope.encoded())] + payload.map(Frame.init) + outOfLine.map(Frame.init), to: call.key.peer, label: key, route: call.route)
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
