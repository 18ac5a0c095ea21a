import Federation
import Topology

extension SpecComposer {
    /// What the plan promises for `a` and `choice`: one step per chosen method (its strategy, hook
    /// or setting), per condition the request states (partition, corruption) and per metric, each
    /// a piece the composed topology must have (class-incremental tasks, when the request describes
    /// classes arriving over time, are a step of the task module). What this build cannot run at all
    /// (an add-on card of a kind it has no code for; per-task metrics without tasks) is never a step:
    /// it is a sentence in `notBuilt` saying so and what runs instead, for the plan to show before the trial.
    package func steps(_ a: RequestAnalysis, _ choice: MethodChoice) -> (steps: [PlanStep], notBuilt: [String]) {
        var steps = [PlanStep(.strategy, choice.primary.id, reason: "the chosen strategy, \(choice.primary.name)")]
        var notBuilt: [String] = []
        for card in choice.addOns {
            if let step = Self.step(for: card) {
                steps.append(step)
            } else {
                notBuilt.append(
                    "\(card.name) (\(card.kind.rawValue)) has no implementation in this build; the run goes without it")
            }
        }
        let split = Self.partition(for: a)
        steps.append(PlanStep(.partition, split.kind, reason: "how the request's clients differ in their data"))
        for c in Self.corruptions(for: a) {
            steps.append(
                PlanStep(
                    .corruption, c.kind, reason: "the request's \(c.kind.replacingOccurrences(of: "_", with: " "))"))
        }
        let tasks = Self.tasks(for: a, choice)
        if let tasks {
            steps.append(
                PlanStep(
                    .tasks, "continual", value: String(tasks),
                    reason: "the request's classes arrive over time: \(tasks) class-incremental tasks"))
        }
        var metrics: [String] = []
        for metric in a.metrics {
            switch metric {
            case .globalTop1 where Self.headlineMetric(a) == .allDomainsTop1:
                // Clients in different domains: the global accuracy is measured over every domain.
                metrics.append(HeadlineMetric.allDomainsTop1.rawValue)
            case .globalTop1, .meanClientTop1, .totalBytes:
                metrics.append(metric.rawValue)
            case .meanTaskTop1, .forgetting:
                guard tasks == nil else {
                    metrics.append(metric.rawValue)
                    continue
                }
                notBuilt.append(
                    """
                    the metric \(metric.rawValue) is measured over class-incremental tasks, and the request \
                    describes none; global top-1 accuracy is reported instead
                    """
                )
                metrics.append(Metric.globalTop1.rawValue)
            }
        }
        for name in metrics.reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            steps.append(PlanStep(.metric, name, reason: "how the request measures success"))
        }
        return (steps, notBuilt)
    }

    /// The step an add-on card is built as, or nil for a kind this build has no implementation of.
    static func step(for card: MethodCard) -> PlanStep? {
        let reason = "\(card.name), the chosen \(card.kind.rawValue) method"
        switch card.kind {
        case .selection where Vocabulary.samplings.contains(card.id):
            return PlanStep(.serverHook, "sampling", value: card.id, reason: reason)
        case .compression where Vocabulary.compressions.contains(card.id):
            return PlanStep(.serverHook, "compression", value: card.id, reason: reason)
        case .participation: return PlanStep(.serverHook, "overcommit", reason: reason)
        case .personalization where card.id == "local-finetune":
            return PlanStep(.clientHook, "fine_tune", reason: reason)
        case .dataCleaning where card.id == "small-loss-filter":
            return PlanStep(.clientHook, "small_loss_filter", reason: reason)
        case .continual where ["replay", "ewc"].contains(card.id):
            return PlanStep(.clientHook, card.id, reason: reason)
        default: return nil
        }
    }

    /// `steps` as this build runs them: each step the substituted spec (``substitute(_:within:)``)
    /// does not implement is replaced by what the spec has there (another strategy or partition) or
    /// dropped (a corruption, a hook), with a sentence saying so. A spec that does not read as a
    /// topology leaves the steps as they are (its module test then fails on every one).
    package func resolve(_ steps: [PlanStep], against spec: FederationSpec, because notes: [String]) -> (
        steps: [PlanStep], replaced: [String]
    ) {
        guard let topology = try? spec.topology() else { return (steps, []) }
        var kept: [PlanStep] = []
        var replaced: [String] = []
        let why = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        for step in steps {
            if PlanConformance.implements(step, in: topology) {
                kept.append(step)
                continue
            }
            let instead: PlanStep? =
                switch step.kind {
                case .strategy:
                    PlanStep(.strategy, topology.strategy.name, reason: "what this build runs for \(step.name)")
                case .partition:
                    PlanStep(.partition, topology.data.partition.kind, reason: "what this build runs for \(step.name)")
                default: nil
                }
            if let instead { kept.append(instead) }
            replaced.append(
                "\(step.text) cannot run in this build; "
                    + (instead.map { "\($0.text) runs instead" } ?? "the run goes without it") + why)
        }
        return (kept, replaced)
    }
}
