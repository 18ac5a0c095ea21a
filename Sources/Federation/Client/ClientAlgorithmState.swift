/// A correction added to the gradient during local training: it gets (gradient, current parameters).
public typealias GradientAdjustment = (inout [Float], [Float]) -> Void

/// The client side of the algorithm the server chose, driven by the round's ``ClientHooks``: what to
/// add to the local gradient, and what to keep or send back after training (control variates,
/// personal layers). A value the trainer keeps across rounds; every trainer (real model or test
/// objective) calls the same three methods, so the rules are written and tested once.
public struct ClientAlgorithmState: Sendable {
    public init() {}

    /// The parameters local training starts from, given the global ones the server sent.
    /// (Personalization keeps some layers local; plain algorithms start from `global`.)
    public mutating func startingParameters(global: [Float], hooks: ClientHooks) -> [Float] {
        global
    }

    /// The gradient correction for this round's local training, or nil when the algorithm adds none.
    public func gradientAdjustment(global: [Float], hooks: ClientHooks) -> GradientAdjustment? {
        var terms: [GradientAdjustment] = []
        if let mu = hooks.proximalMu, mu > 0 {
            // FedProx: ∇ μ/2‖w − w_global‖² = μ(w − w_global)
            terms.append { gradient, weights in
                for i in gradient.indices { gradient[i] += mu * (weights[i] - global[i]) }
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
    public mutating func finish(global: [Float], local: [Float], steps: Int, learningRate: Float, hooks: ClientHooks) -> ClientExtras {
        ClientExtras()
    }
}

/// What a client sends back besides its parameters, depending on the algorithm.
public struct ClientExtras: Sendable, Equatable {
    /// SCAFFOLD: c_i⁺ − c_i.
    public var controlVariateDelta: [Float]?
    public init(controlVariateDelta: [Float]? = nil) {
        self.controlVariateDelta = controlVariateDelta
    }
}
