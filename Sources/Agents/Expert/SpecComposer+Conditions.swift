import Foundation
import Federation
import Topology

/// The request's conditions in the composed topology: each value the request states is read from it
/// (label-noise share and the clients it hits, participation, dropout, device speeds, deadline,
/// per-user split, metric); where it states none, a default that ``conditionAssumptions(_:_:)``
/// lists for the plan.
extension SpecComposer {
    /// Defaults for conditions a request names without a value.
    enum ConditionDefault {
        /// Each client's flipped-label share is drawn from this span.
        static let labelFlip: [Double] = [0, 0.5]
        /// Each client's input-noise σ is drawn from this span.
        static let gaussianNoise: [Double] = [0.2, 0.8]
        /// Lognormal σ of the devices' speeds around 2 GFLOP/s when stragglers matter.
        static let speedSpread = 0.8
        /// The share of invited clients that drop out of a round when connectivity is a challenge.
        static let dropout = 0.2
        /// The round deadline (virtual seconds) when stragglers matter.
        static let deadlineSeconds = 60.0
        /// A population above this size invites 30% of it per round; at or below, everyone.
        static let everyoneUpTo = 20
    }

    /// The task module's conditions: the stated label-noise share and the clients it hits (the
    /// users' own split for data with natural users is ``partition(for:)``'s).
    func applyConditions(to task: inout FederationSpec.TaskModule, _ a: RequestAnalysis) {
        if let i = task.corruptions.firstIndex(where: { $0.kind == "label_flip" }) {
            if let range = a.labelNoiseRange { task.corruptions[i].range = range.map { min(1, max(0, $0)) } }
            task.corruptions[i].fractionOfClients = a.labelNoiseClients
        }
    }

    /// The server module's conditions: the stated dropout share and speed spread, and the plan's metric.
    func applyConditions(to server: inout FederationSpec.ServerModule, _ a: RequestAnalysis) {
        if let rate = a.dropoutRate { server.dropout = min(0.95, rate) }
        if let ratio = a.speedRatio { server.speedSpread = Self.spread(forRatio: ratio) }
        server.metric = Self.headlineMetric(a).rawValue
        if HeadlineMetric(rawValue: server.metric ?? "")?.needsClientEvaluation == true {
            server.federatedEvaluation = true
        }
    }

    /// The lognormal σ under which 95% of devices lie within `ratio` of each other (±1.96 σ).
    static func spread(forRatio ratio: Double) -> Double {
        (log(max(1, ratio)) / 3.92 * 1000).rounded() / 1000
    }

    /// The run's headline metric for the request's first metric: per-client accuracy when it asks
    /// for it; for a continual request, the average task accuracy (forgetting is reported beside
    /// it: the bench compares headlines as higher-is-better); for clients in different domains (the
    /// `domains` partition), accuracy over every domain, since the server's test set holds the
    /// original domain only; else the global model's.
    package static func headlineMetric(_ a: RequestAnalysis) -> HeadlineMetric {
        if a.metrics.first == .meanClientTop1 { return .meanClientTop1 }
        if a.challenges.contains(.continualLearning) { return .meanTaskTop1 }
        return partition(for: a).kind == "domains" ? .allDomainsTop1 : .globalTop1
    }

    /// Users of a dataset with natural users (the `by_user` partition), nil for the others.
    static func naturalUsers(_ dataset: String) -> Int? {
        DatasetFacts.of(dataset)?.users
    }

    /// Every condition of the composed topology in words, stated or assumed: the values the request
    /// gives go to the plan's setup, the defaults to its assumptions.
    package func conditions(_ a: RequestAnalysis, _ choice: MethodChoice) -> (
        setup: [String: String], assumed: [String]
    ) {
        let server = server(a, choice)
        let task = task(a, choice)
        var said = SaidConditions()
        said.clients(a, server, task)
        said.corruptions(a, task)
        said.devices(a, server)
        said.split(a, task)
        said.setup["headline metric"] = server.metric ?? HeadlineMetric.globalTop1.rawValue
        return (said.setup, said.assumed)
    }
}

/// The conditions in words as ``SpecComposer/conditions(_:_:)`` gathers them, one kind at a time.
private struct SaidConditions {
    var setup: [String: String] = [:]
    var assumed: [String] = []

    func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    /// How many clients the simulation has, and how many take part in a round.
    mutating func clients(
        _ a: RequestAnalysis, _ server: FederationSpec.ServerModule, _ task: FederationSpec.TaskModule
    ) {
        if let requested = a.clientCount, requested > server.clients {
            assumed.append(
                """
                the request's \(requested) clients are more than \(task.dataset)'s training samples serve at \
                \(SpecComposer.samplesPerClient) each: the simulation has \(server.clients) clients
                """
            )
        }
        if a.participation != nil {
            setup["clients per round"] = percent(server.fraction) + " of clients per round"
        } else {
            assumed.append(
                "participation not stated: "
                    + (server.fraction < 1
                        ? """
                        \(percent(server.fraction)) of the \(server.clients) clients per round (more than \
                        \(SpecComposer.ConditionDefault.everyoneUpTo))
                        """
                        : "every client in every round"))
        }
    }

    /// The label noise and input noise the clients' data gets.
    mutating func corruptions(_ a: RequestAnalysis, _ task: FederationSpec.TaskModule) {
        if let flip = task.corruptions.first(where: { $0.kind == "label_flip" }) {
            let span = (flip.range ?? SpecComposer.ConditionDefault.labelFlip).map(percent).joined(separator: "–")
            let whom = flip.fractionOfClients.map { "on \(percent($0)) of the clients" } ?? "on every client"
            if a.labelNoiseRange != nil {
                setup["label noise"] = "\(span) of labels flipped \(whom)"
            } else {
                assumed.append("label-noise share not stated: each client's flipped share drawn from \(span), \(whom)")
            }
        }
        if task.corruptions.contains(where: { $0.kind == "gaussian_noise" }) {
            assumed.append(
                """
                input-noise level not stated: each client's Gaussian σ drawn from \
                \(SpecComposer.ConditionDefault.gaussianNoise.map { "\($0)" }.joined(separator: "–"))
                """
            )
        }
    }

    /// The round deadline, the spread of device speeds and the dropout.
    mutating func devices(_ a: RequestAnalysis, _ server: FederationSpec.ServerModule) {
        if let deadline = server.deadlineSeconds {
            if a.roundDeadline != nil {
                setup["deadline"] = "\(deadline) s per round"
            } else {
                assumed.append("round deadline not stated: \(deadline) virtual seconds")
            }
        }
        if server.speedSpread > 0 {
            if let ratio = a.speedRatio {
                setup["device speeds"] = "lognormal σ \(server.speedSpread) (95% within ×\(ratio))"
            } else {
                assumed.append(
                    "device speeds not stated: lognormal around 2 GFLOP/s with σ \(server.speedSpread)")
            }
        }
        if server.dropout > 0 {
            if a.dropoutRate != nil {
                setup["dropout"] = percent(server.dropout) + " of invited clients per round"
            } else {
                assumed.append("dropout share not stated: \(percent(server.dropout)) of invited clients per round")
            }
        }
    }

    /// How the data is split over the clients, when the request is about users.
    mutating func split(_ a: RequestAnalysis, _ task: FederationSpec.TaskModule) {
        if task.partition == "by_user" {
            setup["split"] = "by user (each client holds whole users of \(task.dataset))"
        } else if Set(a.challenges).contains(.userHeterogeneity) || SpecComposer.naturalUsers(task.dataset) != nil {
            assumed.append(
                """
                \(task.dataset) has no natural users: each client's own data is a \(task.partition) split standing in \
                for a user's
                """
            )
        }
    }
}
