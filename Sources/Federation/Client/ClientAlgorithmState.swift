/// A correction added to the gradient during local training: it gets (gradient, current parameters).
package typealias GradientAdjustment = (inout [Float], [Float]) -> Void

/// The client side of the algorithm the server chose, driven by the round's ``ClientHooks``: what to
/// add to the local gradient, and what to keep or send back after training (control variates,
/// personal layers). A value the trainer keeps across rounds; every trainer (real model or test
/// objective) calls the same three methods, so the rules are written and tested once.
///
/// - FedProx (Li et al., MLSys 2020): gradient + μ(w − w_global).
/// - SCAFFOLD (Karimireddy et al., ICML 2020): gradient + (c − c_i); after K steps of lr η,
///   c_i⁺ = c_i − c + (x − y_i)/(K·η) (option II), and the client reports Δc_i = c_i⁺ − c_i.
/// - FedDyn (Acar et al., ICLR 2021): the local objective adds −⟨∇L_i(θ_i^{t−1}), w⟩ + α/2‖w − θ^{t−1}‖²
///   (gradient − ∇L_i(θ_i^{t−1}) + α(w − θ^{t−1})); afterwards the client keeps
///   ∇L_i(θ_i^t) = ∇L_i(θ_i^{t−1}) − α(θ_i^t − θ^{t−1}), the paper's first-order condition.
/// - FedPer / FedBN (Arivazhagan et al., 2019; Li et al., ICLR 2021): the personal groups start from
///   the client's own previous local values (the global ones the first time), and the client is
///   evaluated on its personalized model (``evaluationParameters(global:)``).
/// - MOON (Li et al., CVPR 2021): the client keeps its local model after each MOON round; the next
///   round's contrastive term compares representations under it and under the global model
///   (``contrastiveAnchors(global:hooks:)``; the trainer computes the term, ``ModelContrastiveLoss``).
package struct ClientAlgorithmState: Sendable {
    /// SCAFFOLD's client control variate c_i (empty until the first SCAFFOLD round: zeros).
    package private(set) var controlVariate: [Float] = []
    /// FedDyn's ∇L_i(θ_i^{t−1}) (empty until the first FedDyn round: zeros).
    package private(set) var dynamicGradient: [Float] = []
    /// The client's parameters after its last personalized round (empty before the first).
    package private(set) var lastLocal: [Float] = []
    /// The personal ranges of the last personalized round (none before the first).
    package private(set) var personalRanges: [Range<Int>] = []
    /// MOON: the client's local model after its last MOON round (empty before the first).
    package private(set) var previousLocal: [Float] = []

    package init() {}

    /// The parameters local training starts from, given the global ones the server sent and the
    /// trainer's named groups: the personal groups ``ClientHooks/personalGroups`` names keep the
    /// client's previous local values; everything else is `global`.
    package mutating func startingParameters(global: [Float], hooks: ClientHooks, groups: [ParameterGroup]) -> [Float] {
        guard let personal = hooks.personalGroups, lastLocal.count == global.count else { return global }
        var start = global
        for range in personal.ranges(in: groups) where range.upperBound <= start.count {
            start.replaceSubrange(range, with: lastLocal[range])
        }
        return start
    }

    /// The parameters the client evaluates when the server sends `global`: its own personal groups
    /// from its last personalized round over the global shared ones (FedPer and FedBN are judged on
    /// each client's personalized model); `global` itself otherwise.
    package func evaluationParameters(global: [Float]) -> [Float] {
        guard !personalRanges.isEmpty, lastLocal.count == global.count else { return global }
        var out = global
        for range in personalRanges where range.upperBound <= out.count {
            out.replaceSubrange(range, with: lastLocal[range])
        }
        return out
    }

    /// MOON: the models whose representations anchor this round's contrastive term, the global one
    /// and the client's previous local one; nil when the server asked for no MOON term, and before the
    /// client's first MOON round (its previous model is then the global one, so the term is the
    /// constant log 2 and has no gradient).
    package func contrastiveAnchors(global: [Float], hooks: ClientHooks) -> (global: [Float], previous: [Float])? {
        guard let settings = hooks.contrastive, settings.mu > 0, previousLocal.count == global.count else { return nil }
        return (global, previousLocal)
    }

    /// The gradient correction for this round's local training, or nil when the algorithm adds none.
    package func gradientAdjustment(global: [Float], hooks: ClientHooks) -> GradientAdjustment? {
        var terms: [GradientAdjustment] = []
        if let mu = hooks.proximalMu, mu > 0 {
            // FedProx: ∇ μ/2‖w − w_global‖² = μ(w − w_global)
            terms.append { gradient, weights in
                for i in gradient.indices { gradient[i] += mu * (weights[i] - global[i]) }
            }
        }
        if let c = hooks.controlVariate, c.count == global.count {
            // SCAFFOLD: g + (c − c_i); c_i is zero before this client's first SCAFFOLD round.
            var correction = c
            if controlVariate.count == c.count { for i in correction.indices { correction[i] -= controlVariate[i] } }
            terms.append { gradient, _ in
                for i in gradient.indices { gradient[i] += correction[i] }
            }
        }
        if let alpha = hooks.dynamicAlpha, alpha > 0 {
            let previous = dynamicGradient.count == global.count ? dynamicGradient : []
            terms.append { gradient, weights in
                for i in gradient.indices { gradient[i] += alpha * (weights[i] - global[i]) }
                for i in previous.indices { gradient[i] -= previous[i] }
            }
        }
        switch terms.count {
        case 0: return nil
        case 1: return terms[0]
        default: return { gradient, weights in for t in terms { t(&gradient, weights) } }
        }
    }

    /// Bookkeeping after local training from `global` to `local` in `steps` steps of `learningRate`;
    /// returns what the client reports besides its parameters.
    package mutating func finish(
        global: [Float], local: [Float], steps: Int, learningRate: Float, hooks: ClientHooks,
        groups: [ParameterGroup]
    ) -> ClientExtras {
        var extras = ClientExtras()
        if let c = hooks.controlVariate, c.count == global.count, local.count == global.count {
            if controlVariate.count != c.count { controlVariate = [Float](repeating: 0, count: c.count) }
            var delta = [Float](repeating: 0, count: c.count)
            if steps > 0, learningRate > 0 {
                // Option II: c_i⁺ − c_i = −c + (x − y_i)/(K·η).
                let scale = 1 / (Float(steps) * learningRate)
                for i in delta.indices { delta[i] = (global[i] - local[i]) * scale - c[i] }
                for i in delta.indices { controlVariate[i] += delta[i] }
            }
            extras.controlVariateDelta = delta
        }
        if let alpha = hooks.dynamicAlpha, alpha > 0, local.count == global.count {
            if dynamicGradient.count != global.count { dynamicGradient = [Float](repeating: 0, count: global.count) }
            for i in dynamicGradient.indices { dynamicGradient[i] -= alpha * (local[i] - global[i]) }
        }
        if hooks.contrastive != nil, local.count == global.count { previousLocal = local }
        if let personal = hooks.personalGroups {
            lastLocal = local
            personalRanges = personal.ranges(in: groups)
            extras.personalRanges = personalRanges
        }
        return extras
    }
}

/// What a client sends back besides its parameters, depending on the algorithm.
package struct ClientExtras: Sendable, Equatable {
    /// SCAFFOLD: c_i⁺ − c_i.
    package var controlVariateDelta: [Float]?
    /// FedPer / FedBN: the coordinates the client keeps local (the server does not average them).
    package var personalRanges: [Range<Int>]?
    package init(controlVariateDelta: [Float]? = nil, personalRanges: [Range<Int>]? = nil) {
        self.controlVariateDelta = controlVariateDelta
        self.personalRanges = personalRanges
    }
}
