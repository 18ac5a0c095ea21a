import ActorMesh

/// Client-side methods that act on a client's own training and evaluation, whatever the strategy:
/// the small-loss filter for noisy labels, local fine-tuning before a per-client evaluation, and
/// class-incremental continual learning. Every node builds its clients with the same values
/// (``ClientSetup/methods``), read from the topology's `sample_filter` section,
/// `evaluation.fine_tune_steps` and `continual` section.
package struct ClientMethods: Codable, Sendable, Equatable {
    /// Train on the smallest-loss part of each batch (nil: every sample).
    package var smallLoss: SmallLossFilter?
    /// Adapt the received model on the client's own training data before evaluating it (nil: no).
    package var fineTune: LocalFineTuning?
    /// Class-incremental tasks, with replay or EWC (nil: every round trains on all the client's data).
    package var continual: ContinualLearning? = nil

    package init(
        smallLoss: SmallLossFilter? = nil, fineTune: LocalFineTuning? = nil, continual: ContinualLearning? = nil
    ) {
        self.smallLoss = smallLoss
        self.fineTune = fineTune
        self.continual = continual
    }
}

/// The small-loss trick for label noise (Han et al., "Co-teaching", NeurIPS 2018, applied by one
/// network to itself): samples whose loss is high under the current model are likely mislabeled, so
/// each client drops the highest-loss fraction of every batch before its gradient step.
///
/// The dropped fraction grows linearly from 0 in round 1 to ``dropFraction`` at ``rampRounds`` and
/// stays there: early on the model has not yet learnt which samples are easy, so it keeps them all
/// (the paper's R(T) = 1 − min(T/T_k · τ, τ), counted in rounds instead of epochs).
package struct SmallLossFilter: Codable, Sendable, Equatable {
    /// τ: the share of each batch dropped once the ramp is over, in [0, 0.9].
    package var dropFraction: Double
    /// T_k: the round at which the full fraction is reached (0: from round 1).
    package var rampRounds: Int

    /// - Throws: ``FederationError`` (`invalidSetting`) when the fraction is outside [0, 0.9] or the ramp negative.
    package init(dropFraction: Double, rampRounds: Int = 0) throws(FederationError) {
        guard dropFraction >= 0, dropFraction <= 0.9 else {
            throw FederationError(
                .invalidSetting,
                """
                the small-loss filter's drop fraction is \(dropFraction); use a share in [0, 0.9] (e.g. 0.2 for 20% \
                noisy labels)
                """
            )
        }
        guard rampRounds >= 0 else {
            throw FederationError(.invalidSetting, "ramp_rounds is \(rampRounds); use 0 or more rounds")
        }
        self.dropFraction = dropFraction
        self.rampRounds = rampRounds
    }

    /// The share of each batch dropped in `round` (1-based).
    package func dropFraction(inRound round: Int) -> Double {
        guard rampRounds > 0 else { return dropFraction }
        return dropFraction * min(1, Double(max(0, round)) / Double(rampRounds))
    }
}

/// Local fine-tuning before per-client evaluation (personalization): the client takes ``steps``
/// minibatch SGD steps on its own training data, starting from the model the server sent, and is
/// evaluated on that adapted copy; the copy is never uploaded, and the next round starts again from
/// the server's model.
package struct LocalFineTuning: Codable, Sendable, Equatable {
    /// Minibatch steps of adaptation (at least 1).
    package var steps: Int
    package var learningRate: Float
    package var batchSize: Int

    /// - Throws: ``FederationError`` (`invalidSetting`) for fewer than one step, a batch below one or a
    ///   learning rate that is not a positive number.
    package init(steps: Int, learningRate: Float, batchSize: Int) throws(FederationError) {
        guard steps >= 1, steps <= 10_000 else {
            throw FederationError(.invalidSetting, "fine_tune_steps is \(steps); use 1 to 10000 local steps")
        }
        guard batchSize >= 1 else {
            throw FederationError(.invalidSetting, "the fine-tuning batch size is \(batchSize); it must be at least 1")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw FederationError(
                .invalidSetting, "the fine-tuning learning rate is \(learningRate); it must be a positive number")
        }
        self.steps = steps
        self.learningRate = learningRate
        self.batchSize = batchSize
    }

    /// The samples of `indices` the fine-tuning batches take, in order: a shuffle by `seed`, repeated
    /// until it fills ``steps`` batches (so exactly ``steps`` steps, however small the client's data).
    package func batchOrder(of indices: [Int], seed: UInt64) -> [Int] {
        guard !indices.isEmpty else { return [] }
        var rng = SplitMix64(seed: seed ^ 0xF1_7E70)
        var order: [Int] = []
        let needed = steps * batchSize
        order.reserveCapacity(needed)
        while order.count < needed {
            var pass = indices
            pass.shuffle(using: &rng)
            order += pass.prefix(needed - order.count)
        }
        return order
    }
}
