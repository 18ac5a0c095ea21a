import Federation
import Topology

/// The check after composition: every step of the plan is implemented by the composed topology, read
/// back from its YAML by the same reader as a user's file. The module testers run it (each on the
/// steps of its module), so a spec that drops or substitutes a planned step fails its module test.
package enum PlanConformance {
    /// One line per step of `steps` that the topology of `spec` does not implement (empty: it
    /// conforms). A spec that does not read as a topology fails every step.
    package static func differences(_ steps: [PlanStep], in spec: FederationSpec) -> [String] {
        guard !steps.isEmpty else { return [] }
        let topology: TopologySpec
        do { topology = try spec.topology() } catch {
            return [
                "plan-vs-topology: the composed spec does not read as a topology, so no plan step can run: \(error)"
            ]
        }
        return steps.filter { !implements($0, in: topology) }.map { step in
            """
            plan-vs-topology: the plan's \(step.text) (\(step.reason)) is not in the composed topology, which has \
            \(present(for: step, in: topology))
            """
        }
    }

    /// Whether `topology` runs `step`.
    package static func implements(_ step: PlanStep, in topology: TopologySpec) -> Bool {
        switch step.kind {
        case .strategy: return canonical(topology.strategy.name) == canonical(step.name)
        case .clientHook:
            switch step.name {
            case "small_loss_filter": return (topology.sampleFilter?.dropFraction ?? 0) > 0
            case "fine_tune": return topology.evaluation.fineTuneSteps != nil && topology.evaluation.federated
            case "replay": return topology.continual?.replay != nil
            case "ewc": return (topology.continual?.ewc?.lambda ?? 0) > 0
            default: return false
            }
        case .serverHook:
            switch step.name {
            case "sampling": return samplingName(topology.participation.sampling) == step.value
            case "compression": return topology.compression.kind == step.value
            case "overcommit": return topology.participation.overcommit > 0
            default: return false
            }
        case .corruption: return topology.data.corruptions.contains { $0.kind == step.name }
        case .partition: return topology.data.partition.kind == step.name
        case .tasks: return topology.continual.map { String($0.tasks) == step.value } ?? false
        case .metric:
            switch step.name {
            case Metric.globalTop1.rawValue: return topology.evaluation.every >= 1
            case Metric.meanClientTop1.rawValue: return topology.evaluation.federated
            case HeadlineMetric.allDomainsTop1.rawValue:
                return topology.evaluation.federated && topology.data.holdout > 0
            case Metric.totalBytes.rawValue: return true  // every run meters its bytes
            case Metric.meanTaskTop1.rawValue, Metric.forgetting.rawValue: return topology.continual != nil
            default: return false
            }
        }
    }

    /// What the topology has where `step` should be, in words.
    static func present(for step: PlanStep, in topology: TopologySpec) -> String {
        switch step.kind {
        case .strategy: return "strategy \(topology.strategy.name)"
        case .clientHook where step.name == "fine_tune":
            return "fine_tune_steps \(topology.evaluation.fineTuneSteps.map(String.init) ?? "none")"
                + " with federated evaluation \(topology.evaluation.federated)"
        case .clientHook: return "no \(step.name)"
        case .serverHook where step.name == "sampling":
            return "sampling \(samplingName(topology.participation.sampling))"
        case .serverHook where step.name == "compression": return "compression \(topology.compression.kind)"
        case .serverHook: return "\(step.name) \(topology.participation.overcommit)"
        case .corruption:
            let kinds = topology.data.corruptions.map(\.kind)
            return kinds.isEmpty ? "no corruption" : "corruptions \(kinds.joined(separator: ", "))"
        case .partition: return "partition \(topology.data.partition.kind)"
        case .tasks: return topology.continual.map { "\($0.tasks) continual tasks" } ?? "no continual tasks"
        case .metric:
            return "evaluation every \(topology.evaluation.every) round(s), federated \(topology.evaluation.federated)"
        }
    }

    /// The registry's name for a strategy name or alias.
    static func canonical(_ name: String) -> String {
        StrategyRegistry.current.descriptor(named: name)?.name ?? name
    }

    /// The topology file's word for a sampling.
    static func samplingName(_ sampling: ParticipationPolicy.Sampling) -> String {
        switch sampling {
        case .uniform: "uniform"
        case .bySize: "by_size"
        case .powerOfChoice: "power_of_choice"
        }
    }
}
