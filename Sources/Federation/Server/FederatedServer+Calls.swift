import ActorMesh
import Distributed
import Foundation

/// The server's calls to its clients: `fit` and `evaluate` fanned out in task groups, each call limited
/// by the call timeout, and compressed answers turned back into parameters.
extension FederatedServer {
    /// Turns a compressed result back into full parameters (sent + decoded delta); returns the
    /// update's logical size in bytes (its encoded content, or 4 bytes per parameter uncompressed).
    static func restoreParameters(of result: inout FitResult, sentParameters: [Float]) throws(FederationError) -> Int {
        guard let encoded = result.encodedUpdate else { return 4 * result.parameters.count }
        let delta = try UpdateCodec.decode(encoded)
        guard delta.count == sentParameters.count else {
            throw FederationError(
                .invalidUpdate,
                """
                client \(result.clientID) sent an update of \(delta.count) coordinates; the model has \
                \(sentParameters.count)
                """
            )
        }
        result.parameters = zip(sentParameters, delta).map { $0 + $1 }
        guard result.parameters.allSatisfy(\.isFinite) else {
            throw FederationError(
                .invalidUpdate, "client \(result.clientID)'s compressed update gives non-finite parameters")
        }
        result.encodedUpdate = nil
        return encoded.contentBytes
    }

    /// One client's answer to `fit` and the real seconds it took.
    struct Arrival: Sendable {
        var outcome: Result<FitResult, any Error>
        var seconds: Double
    }

    /// Calls `fit` on every instructed client concurrently, each call limited by the call timeout. With
    /// `cutOffAfter`, stops waiting when it passes (the missing clients are absent from the result).
    /// Each answer is reported to ``progress`` as it arrives.
    func fitAll(
        _ instructions: [Int: FitInstructions], to clients: [Int: ClientActor], round: Int, cutOffAfter: Duration?
    ) async -> [Int: Arrival] {
        let timeout = config.callTimeout
        let directory = self.directory
        return await withTaskGroup(of: (Int, Arrival)?.self) { group in
            for (id, ins) in instructions {
                guard let client = clients[id] else { continue }
                group.addTask {
                    // Await first, then build the tuple. Swift 6.3.1 with -O miscompiles
                    // `do { return (id, .success(try await f())) } catch { ... }` in a group child task:
                    // `id` comes back as bytes of freed task memory (reproduced in a 60-line package;
                    // debug builds are fine). ServerLoopTests catch it.
                    let started = ContinuousClock.now
                    let outcome: Result<FitResult, any Error>
                    do {
                        outcome = .success(
                            try await Self.call(client: id, timeout: timeout, directory: directory) {
                                try await client.fit(ins)
                            })
                    } catch {
                        outcome = .failure(error)
                    }
                    return (id, Arrival(outcome: outcome, seconds: (ContinuousClock.now - started).seconds))
                }
            }
            if let cutOffAfter {
                group.addTask {
                    try? await Task.sleep(for: cutOffAfter)
                    return nil
                }
            }
            var out: [Int: Arrival] = [:]
            for await arrival in group {
                // nil: the deadline passed; cancel the calls still running (their clients straggled).
                guard let (id, a) = arrival else { break }
                out[id] = a
                progress(.answered(round: round, client: id, answer: Self.answer(a.outcome)))
                if out.count == instructions.count { break }
            }
            group.cancelAll()
            return out
        }
    }

    /// How an arrival is reported while the round goes.
    static func answer(_ outcome: Result<FitResult, any Error>) -> RoundProgress.Answer {
        switch outcome {
        case .success: .result
        case .failure(let error as FederationError) where error.code == .droppedOut: .droppedOut
        case .failure(let error): .failed(reason: "\(error)")
        }
    }

    func evaluateAll(_ ids: [Int], to clients: [Int: ClientActor]) async -> [EvaluateResult] {
        let timeout = config.callTimeout
        let directory = self.directory
        let targets = ids.compactMap { id in
            clients[id].map { (id, $0, strategy.parameters(forClient: id, global: global)) }
        }
        return await withTaskGroup(of: EvaluateResult?.self) { group in
            for (id, client, params) in targets {
                group.addTask {
                    // The answer must be about the client asked: one client cannot overwrite another's figures.
                    Self.usableEvaluation(
                        try? await Self.call(client: id, timeout: timeout, directory: directory) {
                            try await client.evaluate(params)
                        }, askedClient: id)
                }
            }
            var out: [EvaluateResult] = []
            for await r in group { if let r { out.append(r) } }
            return out
        }
    }

    /// A client's evaluation answer, when it is about the client asked (one client cannot overwrite
    /// another's figures) and plausible (counts and metrics in range); nil otherwise.
    static func usableEvaluation(_ result: EvaluateResult?, askedClient id: Int) -> EvaluateResult? {
        guard let result, result.clientID == id, result.isPlausible else { return nil }
        return result
    }
}
