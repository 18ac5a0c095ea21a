import Federation
import Foundation
import Topology

extension TrialEvaluator {
    /// A trial's topology, cut to the trial's rounds, and the spec the run is measured against (the
    /// spec fitted to the data's clients when the trial trains on ``TrialData``).
    struct TrialSetup {
        var topology: TopologySpec
        var sized: FederationSpec
        /// The topology's text, for a server placed on a host (nil: the spec's own, which places none).
        var source: TopologySource?
    }

    /// The trial of `spec`: its own topology (no hosts: the clients live in this process), or with
    /// `data` the spec carried into the data's topology, in both cases for the trial's rounds.
    func trialSetup(_ spec: FederationSpec, data: TrialData?) throws -> TrialSetup {
        var setup: TrialSetup
        if let data {
            let carried = try data.topology(of: spec)
            setup = TrialSetup(
                topology: carried.spec, sized: carried.fitted,
                source: TopologySource(text: carried.text, path: data.path))
        } else {
            setup = TrialSetup(topology: try spec.topology(), sized: spec, source: nil)
        }
        setup.topology.rounds = min(rounds, setup.topology.rounds)
        // Continual tasks keep their count and share the trial's rounds (at least one each).
        if var continual = setup.topology.continual {
            continual.roundsPerTask = max(1, min(continual.roundsPerTask, rounds / continual.tasks))
            setup.topology.continual = continual
            setup.topology.rounds = continual.rounds
        }
        setup.topology.callTimeoutSeconds = 60
        return setup
    }

    /// The data stages of a trial on `data`, as `fedactors run` runs them; the harmonizer's LLM (when
    /// `data` asks for it) is the one this process's environment names.
    static func dataStages(_ data: TrialData) -> RunDataStages {
        RunDataStages(llm: data.harmonizerAsksLLM ? RunDataStages.environmentChat(of: "the evaluator's process") : nil)
    }
}
