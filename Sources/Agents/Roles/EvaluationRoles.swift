import ActorMesh
import Distributed
import Federation

/// The evaluator's answer: the diagnosis and a short account of the trial.
package struct TrialResult: Codable, Sendable, Equatable {
    package var diagnosis: Diagnosis
    package var accuracies: [Double]
    package var trainLosses: [Double]
    /// The mean of the clients' own accuracies in the last round that has them (federated evaluation).
    package var clientMeanAccuracy: Double? = nil
    /// The model bytes the trial put on the wire, down and up.
    package var modelBytes: Int? = nil
    /// What the trial's rounds cost on this machine (nil: not measured).
    package var measurement: TrialMeasurement? = nil
    /// Continual learning: the accuracy on every task so far after each task (nil without tasks).
    package var taskAccuracy: [[Double]]? = nil
    /// The user's data the trial trained on after its data stages (nil: the plan's own partition).
    package var data: TrialDataUse? = nil

    package init(
        diagnosis: Diagnosis, accuracies: [Double], trainLosses: [Double], clientMeanAccuracy: Double? = nil,
        modelBytes: Int? = nil, measurement: TrialMeasurement? = nil
    ) {
        self.diagnosis = diagnosis
        self.accuracies = accuracies
        self.trainLosses = trainLosses
        self.clientMeanAccuracy = clientMeanAccuracy
        self.modelBytes = modelBytes
        self.measurement = measurement
    }
}

/// Evaluator: runs a short trial of the spec and diagnoses it (L1 runtime, L2 semantics).
package distributed actor EvaluatorAgent {
    package typealias ActorSystem = MeshSystem
    private let evaluator: TrialEvaluator

    package init(actorSystem: MeshSystem, evaluator: TrialEvaluator) {
        self.actorSystem = actorSystem
        self.evaluator = evaluator
    }

    /// The trial of `spec`, on `data`'s clients after their data stages when given (else on the
    /// spec's own partition).
    package distributed func evaluate(_ spec: FederationSpec, data: TrialData?) async -> TrialResult {
        let (diagnosis, report, measurement) = await evaluator.evaluateMeasuring(spec, data: data)
        let clients = report?.rounds.last { !$0.clientAccuracy.isEmpty }?.clientAccuracy.values
        var result = TrialResult(
            diagnosis: diagnosis, accuracies: report?.rounds.compactMap(\.globalAccuracy) ?? [],
            trainLosses: report?.rounds.compactMap(\.trainLoss) ?? [],
            clientMeanAccuracy: clients.map { $0.reduce(0, +) / Double($0.count) },
            modelBytes: report.map { $0.totalWireBytesDown + $0.totalWireBytesUp }, measurement: measurement)
        let tasks = report?.rounds.compactMap(\.taskAccuracy) ?? []
        if !tasks.isEmpty { result.taskAccuracy = tasks }
        if let data, let report { result.data = TrialDataUse(data, report: report) }
        return result
    }
}

/// The debugger's answer: the patched spec and what changed, or nil when it has no fix.
package struct SpecPatch: Codable, Sendable, Equatable {
    package var spec: FederationSpec
    package var changes: [String]
}

/// Debugger: a diagnosis → one patch of the spec, by the expert's rules or by an LLM's validated
/// patch (``DebuggerPrompt``); nil when the expert has no rule and there is no LLM answer.
package distributed actor DebuggerAgent {
    package typealias ActorSystem = MeshSystem
    private let capabilities: Capabilities
    private let llm: ChatClient?

    package init(actorSystem: MeshSystem, capabilities: Capabilities, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.capabilities = capabilities
        self.llm = llm
    }

    package distributed func patch(_ spec: FederationSpec, diagnosis: Diagnosis) async -> Decided<SpecPatch?> {
        let rules = ExpertDebugger().patch(spec, for: diagnosis).map { SpecPatch(spec: $0.spec, changes: $0.changes) }
        guard let llm else { return .expert(rules) }
        return await llm.decide(
            DebuggerPrompt(caps: capabilities).query(spec, diagnosis: diagnosis, expert: rules), expert: rules)
    }
}
