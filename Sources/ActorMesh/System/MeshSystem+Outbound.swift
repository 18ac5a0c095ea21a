import Distributed
import Foundation

extension MeshSystem {
    public func remoteCall<Act, Err, Res>(
        on actor: Act, target: RemoteCallTarget, invocation: inout MeshInvocationEncoder,
        throwing: Err.Type, returning: Res.Type
    ) async throws -> Res where Act: DistributedActor, Act.ID == MeshActorID, Err: Error, Res: Codable {
        let reply = try await call(
            invocation.arguments, outOfLine: invocation.outOfLine, to: actor.id, actorType: Act.self, target: target)
        guard reply.payload.count > Int(reply.envelope.outOfLineFrames), let frame = reply.payload.first else {
            throw MeshError(.decodeFailure, "the reply to \(methodName(target.identifier)) carries no result")
        }
        do {
            return try decode(Res.self, from: frame, outOfLine: reply.outOfLine)
        } catch {
            throw MeshError(
                .decodeFailure, "the result of \(methodName(target.identifier)) is not a valid \(Res.self): \(error)")
        }
    }

    public func remoteCallVoid<Act, Err>(
        on actor: Act, target: RemoteCallTarget, invocation: inout MeshInvocationEncoder, throwing: Err.Type
    ) async throws where Act: DistributedActor, Act.ID == MeshActorID, Err: Error {
        _ = try await call(
            invocation.arguments, outOfLine: invocation.outOfLine, to: actor.id, actorType: Act.self, target: target)
    }

    /// Sends a call and waits for its outcome. A call refused as stale (the peer restarted, so it never
    /// ran) is sent once more to the new incarnation.
    func call(
        _ arguments: [Data], outOfLine: [Data] = [], to id: MeshActorID, actorType: Any.Type, target: RemoteCallTarget
    ) async throws -> ReplyMessage {
        let deadline = Self.callDeadline ?? settings.defaultDeadline
        let label = TrafficKey(
            peer: id.node, actorType: typeName(actorType), method: methodName(target.identifier),
            direction: .sent, kind: .request)
        var attempt = 0
        while true {
            attempt += 1
            let reply = try await roundTrip(
                arguments, outOfLine: outOfLine, to: id, target: target, label: label, deadline: deadline)
            switch reply.envelope.kind {
            case .reply:
                return reply
            case .remoteError:
                throw remoteError(from: reply)
            case .systemError:
                let error = systemError(from: reply)
                if error.code == .staleIncarnation, attempt == 1 { continue }
                throw error
            case .call:
                throw MeshError(.malformedFrame, "\(id.node) answered with a call envelope")
            }
        }
    }

    private func roundTrip(
        _ arguments: [Data], outOfLine: [Data], to id: MeshActorID, target: RemoteCallTarget, label: TrafficKey,
        deadline: Duration
    ) async throws -> ReplyMessage {
        let (callID, recipientIncarnation, isShutDown, runToken) = state.withLock { s in
            s.nextCallID += 1
            return (s.nextCallID, s.peerIncarnations[id.node] ?? 0, s.isShutDown, s.membership.token)
        }
        guard !isShutDown else {
            throw MeshError(
                .shutDown, "the actor system on \(endpoint) is shut down: \(label.method) to \(id) was not sent")
        }
        let envelope = Envelope(
            kind: .call, callID: callID, senderIncarnation: incarnation, recipientIncarnation: recipientIncarnation,
            fingerprint: settings.buildFingerprint, deadlineMillis: UInt32(clamping: deadline.milliseconds),
            payloadFrames: UInt16(clamping: arguments.count + outOfLine.count),
            outOfLineFrames: UInt16(clamping: outOfLine.count),
            runToken: runToken, senderEndpoint: endpoint, recipientPath: id.path, actorType: label.actorType,
            target: target.identifier)
        guard arguments.count + outOfLine.count <= Int(UInt16.max) else {
            throw MeshError(
                .encodeFailure,
                """
                \(arguments.count) arguments with \(outOfLine.count) large arrays; a call carries at most \
                \(UInt16.max) frames
                """
            )
        }
        let frames = [Frame(try envelope.encoded())] + arguments.map(Frame.init) + outOfLine.map(Frame.init)
        let clock = settings.clock
        let due = clock.now() + deadline

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ReplyMessage, any Error>) in
                let entry = PendingCalls.Entry(
                    peer: id.node, label: label, continuation: continuation, due: due,
                    recipient: id, deadline: deadline)
                let (registered, wake) = state.withLock { s -> (Bool, DeadlineSweeper.Wake?) in
                    guard s.pending.register(callID, entry) else { return (false, nil) }
                    return (true, s.sweeper.needsWake(for: due))
                }
                guard registered else {
                    state.withLock { $0.pending.forgetCancellation(callID) }
                    continuation.resume(throwing: CancellationError())
                    return
                }
                if let wake { startSweeper(wake) }
                do {
                    try dispatch(frames, to: id.node, label: label, route: nil)
                } catch {
                    failCall(callID, MeshError(.transport, "could not send \(label.method) to \(id.node): \(error)"))
                }
            }
        } onCancel: {
            let entry = state.withLock { $0.pending.cancel(callID) }
            entry?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Completes a pending call with `error`, if it is still pending.
    func failCall(_ callID: UInt64, _ error: any Error) {
        guard let entry = state.withLock({ $0.pending.complete(callID) }) else { return }
        entry.continuation.resume(throwing: error)
    }

    /// Runs the sweeper `wake` asks for: sleep until the nearest deadline, fail the calls past theirs,
    /// and go on while calls are pending. One task per system instead of a timer task per call (each
    /// of which cost a thread wake-up to start and another to cancel).
    func startSweeper(_ wake: DeadlineSweeper.Wake) {
        let clock = settings.clock
        let task = Task { [weak self] in
            var target = wake.due
            while true {
                do { try await clock.sleep(until: target) } catch { return }
                guard let self else { return }
                let now = clock.now()
                guard
                    let (expired, next) = self.state.withLock({ s -> ([PendingCalls.Entry], Duration?)? in
                        guard s.sweeper.isCurrent(wake.generation) else { return nil }
                        let expired = s.pending.expired(at: now)
                        let next = s.pending.earliestDue
                        s.sweeper.sleeping(until: next)
                        return (expired, next)
                    })
                else { return }
                for entry in expired {
                    entry.continuation.resume(throwing: MeshError(.deadlineExceeded, entry.timeoutMessage))
                }
                guard let next else { return }
                target = next
            }
        }
        let stale = state.withLock { $0.sweeper.adopt(task, generation: wake.generation) }
        stale?.cancel()
    }

    /// Sends frames through fault injection: now, later, or not at all. Records what is sent or dropped.
    func dispatch(_ frames: [Frame], to peer: String, label: TrafficKey, route: ReplyRoute?) throws {
        let bytes = frames.reduce(0) { $0 + $1.count }
        let clock = settings.clock
        let decision = state.withLock { $0.faults.decide(peer: peer, bytes: bytes, now: clock.now()) }
        switch decision {
        case .deliver:
            try transmit(frames, to: peer, label: label, route: route)
        case .drop:
            var dropped = label
            dropped.direction = .dropped
            ledger.record(dropped, frames: frames)
        case .delay(let delay):
            let due = clock.now() + delay
            Task { [weak self] in
                do { try await clock.sleep(until: due) } catch { return }
                do {
                    try self?.transmit(frames, to: peer, label: label, route: route)
                } catch {
                    self?.logger.warning("delayed message to \(peer) could not be sent: \(error)")
                }
            }
        }
    }

    private func transmit(_ frames: [Frame], to peer: String, label: TrafficKey, route: ReplyRoute?) throws {
        // Recorded first: the peer can answer, and be asked for its ledger, before this thread is back
        // from the transport (measured: a reply's row was missing when the caller asked right after
        // it). A message the transport refuses is taken out again.
        ledger.record(label, frames: frames)
        do {
            if let route {
                try transport.reply(frames, via: route)
            } else {
                try transport.send(frames, to: peer)
            }
        } catch {
            ledger.retract(label, frames: frames)
            throw error
        }
    }

    private func systemError(from reply: ReplyMessage) -> MeshError {
        guard let frame = reply.payload.first, let error = try? decode(MeshError.self, from: frame) else {
            return MeshError(
                .decodeFailure, "\(reply.envelope.senderEndpoint) refused the call with an unreadable error")
        }
        return error
    }

    private func remoteError(from reply: ReplyMessage) -> any Error {
        guard let frame = reply.payload.first, let payload = try? decode(RemoteErrorPayload.self, from: frame) else {
            return MeshError(.decodeFailure, "\(reply.envelope.senderEndpoint) sent an unreadable remote error")
        }
        if let bytes = payload.encoded, let mangled = payload.mangledTypeName,
            let errorType = RemoteErrorTypes.type(mangledName: mangled),
            let error = try? Self.decodeError(errorType, from: bytes)
        {
            return error
        }
        return RemoteCallError(typeName: payload.typeName, message: payload.message)
    }

    private static func decodeError<E: Error & Decodable>(_ type: E.Type, from bytes: [UInt8]) throws -> E {
        try bytes.withUnsafeBytes { try BinaryDecoder().decode(E.self, from: $0) }
    }
}
