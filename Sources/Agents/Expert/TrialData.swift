import Federation
import Topology

/// The user's data a trial trains on instead of the plan's own partition: a topology with a `messy:`
/// section (`auto --data FILE`). The trial runs the spec carried into it as the full run will (its
/// clients, hosts and messy data; the data stages on the clients' nodes before round 1), for the
/// trial's rounds, so its score is measured on the data the full run trains on.
package struct TrialData: Codable, Sendable, Equatable {
    /// Where the topology was read (named in messages and in the topology written from it).
    package var path: String
    /// The topology's text, which travels to the evaluator wherever it runs.
    package var text: String
    /// The harmonizer's gate takes its proposals for the labels it is unsure of (`--yes`).
    package var acceptsLabelProposals = false
    /// The harmonizer reads the labels its glossary is unsure of with the LLM of the FL server's
    /// process (`--backend harmonizer=llm`).
    package var harmonizerAsksLLM = false

    package init(path: String, text: String, acceptsLabelProposals: Bool = false, harmonizerAsksLLM: Bool = false) {
        self.path = path
        self.text = text
        self.acceptsLabelProposals = acceptsLabelProposals
        self.harmonizerAsksLLM = harmonizerAsksLLM
    }

    /// The topology the trial of `spec` runs: `spec` fitted to this data's clients, with its data
    /// sections carried in (what `auto` writes for the full run).
    package func topology(of spec: FederationSpec) throws -> (
        text: String, spec: TopologySpec, fitted: FederationSpec
    ) {
        let data = try TopologyReader.parse(text, file: path)
        let fitted = try spec.fitted(toDataOf: data)
        let composed = try fitted.topologyYAML(carryingDataOf: text, from: path)
        return (composed, try TopologyReader.parse(composed, file: "\(fitted.name).yaml"), fitted)
    }
}

/// What a trial on ``TrialData`` trained on: the data's file and what its data stages decided.
package struct TrialDataUse: Codable, Sendable, Equatable {
    /// The `--data` topology's path.
    package var path: String
    /// The clients the stages kept, those left out with why, and every stage exchange.
    package var stages: PreparedClients
    /// The clients that completed a round of the trial.
    package var trained: [Int]

    package init(path: String, stages: PreparedClients, trained: [Int]) {
        self.path = path
        self.stages = stages
        self.trained = trained
    }

    /// What the trial of `report` on `data` trained on (nil: its data stages did not run).
    package init?(_ data: TrialData, report: RunReport) {
        guard let stages = report.dataStages else { return nil }
        self.init(
            path: data.path, stages: stages, trained: Set(report.rounds.flatMap(\.completed)).sorted())
    }

    /// One line for the console and the transcript: which data the trial trained on.
    package var line: String {
        "on \(path)'s data after its data stages: " + stages.summary + "; clients \(trained) trained in the trial"
    }
}
