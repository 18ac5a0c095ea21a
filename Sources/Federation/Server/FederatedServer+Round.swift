import ActorMesh
import Foundation

/// The phases of a round, in the order ``FederatedServer/runRound(_:)`` runs them: invite, instruct,
/// classify the answers (in FederatedServer+Answers.swift), aggregate, evaluate. Each writes its part of
/// the round's record.
extension FederatedServer {
    /// A round's usable results by client and the failures the strategy is told of.
    struct RoundAnswers {
        var results: [Int: FitResult] = [:]
        var failures: [ClientFailure] = []
        /// Hierarchical rounds: the sites' pre-aggregated updates, which the strategy aggregates in
        /// place of the clients' results (nil in a flat round).
        var combined: [FitResult]?
    }

    /// Picks the clients to invite among the `online` ones, or returns nil (and says why in the record)
    /// when fewer than `min_available` are online.
    func invite(from online: [Int], target k: Int, into record: inout RoundRecord, roundStart: Double) -> [Int]? {
        guard online.count >= config.participation.minAvailable else {
            logger.warning(
                """
                round \(record.round): \(online.count) clients online, fewer than minAvailable \
                \(config.participation.minAvailable); keeping the model
                """
            )
            record.aggregationError =
                """
                \(online.count) client\(online.count == 1 ? "" : "s") online, fewer than min_available \
                \(config.participation.minAvailable): no client was invited
                """
            // Busy clients come back when their late update arrives, traced ones when their next online
            // interval opens: idle until the first of these, so time moves on.
            let opening = config.availability.values.compactMap { $0.nextOpening(after: roundStart) }.min()
            if let next = [late.nextArrival, opening].compactMap({ $0 }).min() {
                record.virtualSeconds = max(0, next - roundStart)
            }
            return nil
        }
        let candidates = online.map {
            Candidate(id: $0, sampleCount: descriptions[$0]?.sampleCount ?? 0, lastLoss: lastLoss[$0])
        }
        let invited = ClientSampler.select(
            config.participation.invitations(target: k, available: online.count), from: candidates,
            sampling: config.participation.sampling, using: &rng)
        record.invited = invited.sorted()
        return invited
    }

    /// What each invited client is told to do (the strategy's instructions, with the run's compression
    /// and, in real time, the pacing), the real-time scale, and the wall-clock cut-off of the round.
    func fitInstructions(round: Int, invited: [Int]) -> (
        instructions: [Int: FitInstructions], scale: Double?, cutOff: Double?
    ) {
        var instructions = strategy.configureFit(round: round, global: global, clients: invited, plan: config.plan)
        if let compression = config.compression {
            for id in instructions.keys { instructions[id]?.compression = compression }
        }
        let scale = config.timeMode.realTimeScale
        // In real time the deadline is on the wall clock: the server stops waiting when it passes.
        let cutOff = scale.flatMap { s in config.roundDeadlineSeconds.map { $0 * s } }
        if let scale {
            let pacing = RealTimePacing(
                scale: scale, limitSeconds: cutOff.map { $0 + RealTimePacing.stragglerMargin },
                pacesNetwork: config.pacesNetwork)
            for id in instructions.keys { instructions[id]?.pacing = pacing }
        }
        return (instructions, scale, cutOff)
    }

    /// The round's training loss, the late updates that arrived in it (asynchronous strategies), and
    /// the strategy's new model, kept with the reason when the round cannot give one.
    func aggregate(_ answers: inout RoundAnswers, into record: inout RoundRecord, round: Int, roundStart: Double) {
        let fresh = answers.combined ?? record.completed.compactMap { answers.results[$0] }
        let samples = fresh.reduce(0) { $0 + $1.sampleCount }
        if samples > 0 {
            record.trainLoss = fresh.reduce(0.0) { $0 + $1.trainLoss * Double($1.sampleCount) } / Double(samples)
        }
        var used = fresh
        if let maxStaleness = strategy.maxStaleness {
            // Earlier rounds' stragglers whose updates reached the server by the end of this round.
            let delivery = late.deliver(
                round: round, endingAt: roundStart + record.virtualSeconds, global: global, maxStaleness: maxStaleness)
            used += delivery.results
            record.lateApplied = delivery.results.map(\.clientID).sorted()
            record.tooStale = delivery.tooStale.sorted()
        }
        // Through aggregators, each site's update stands for its completed clients.
        let usable = answers.combined == nil ? used.count : record.completed.count
        guard usable >= config.participation.minFit else {
            record.aggregationError =
                """
                \(usable) usable result\(usable == 1 ? "" : "s"), fewer than min_fit \
                \(config.participation.minFit)
                """
                + (record.failed.isEmpty ? "" : " (\(record.failed.count) failed: see failureReasons)")
            return
        }
        // Clients drawn in proportion to size are averaged with equal weights (size counts once). A
        // site aggregator's update already stands for its clients by their sizes and is left as it is.
        let weighed = answers.combined == nil ? config.participation.sampling.weighedForAggregation(used) : used
        // A strategy that cannot use this round's results (Krum with too few, a normalizer that
        // overflows) keeps the model; the round says why, and the run goes on.
        do {
            if let next = try strategy.aggregateFit(
                round: round, global: global, results: weighed, failures: answers.failures)
            {
                guard next.count == global.count, !next.contains(where: { !$0.isFinite }) else {
                    throw FederationError(
                        .invalidUpdate,
                        """
                        \(strategy.name) produced \(next.count) parameters (expected \(global.count)) or non-finite \
                        values
                        """
                    )
                }
                global = next
            }
            if let spent = strategy.privacySpent {
                record.privacyEpsilon = spent.epsilon
                record.privacyDelta = spent.delta
            }
        } catch {
            record.aggregationError = "\(error)"
            logger.warning("round \(round): aggregation failed, keeping the model: \(error)")
        }
    }

    /// The new model on the central test set (every `evaluateEvery` rounds and the last), and on the
    /// completed clients' own data with federated evaluation.
    func evaluate(into record: inout RoundRecord, round: Int, references: [Int: ClientActor]) async throws {
        if config.evaluateEvery > 0, round % config.evaluateEvery == 0 || round == config.rounds, let evaluator {
            let e = try evaluator.evaluate(global)
            record.globalAccuracy = e.accuracy
            record.globalLoss = e.loss
        }
        if let continual = config.continual, continual.endsTask(round), !taskEvaluators.isEmpty {
            let seen = taskEvaluators.prefix(continual.task(ofRound: round) + 1)
            record.taskAccuracy = try seen.map { try $0.evaluate(global).accuracy }
        }
        if config.federatedEvaluation {
            for r in await evaluateAll(record.completed, to: references) {
                record.clientAccuracy[r.clientID] = r.accuracy
            }
        }
    }
}
