import ActorMesh
import Distributed
import Federation

/// The evaluator's answer: the diagnosis and a short account of the trial.
public struct TrialResult: Codable, Sendable, Equatable {
    public var diagnosis: Diagnosis
    public var accuracies: [Double]
    public var trainLosses: [Double]
    /// What the trial's rounds cost on this machine (nil: not measured).
    public var measurement: TrialMeasurement? = nil
}

/// Evaluator: runs a short trial of the spec and diagnoses it (L1 runtime, L2 semantics).
public distributed actor EvaluatorAgent {
    public typealias ActorSystem = MeshSystem
    private let evaluator: TrialEvaluator

    public init(actorSystem: MeshSystem, evaluator: TrialEvaluator) {
        self.actorSystem = actorSystem
        self.evaluator = evaluator
    }

    public distributed func evaluate(_ spec: FederationSpec) async -> TrialResult {
        let (diagnosis, report, measurement) = await evaluator.evaluateMeasuring(spec)
        return TrialResult(
            diagnosis: diagnosis, accuracies: report?.rounds.compactMap(\.globalAccuracy) ?? [],
            trainLosses: report?.rounds.compactMap(\.trainLoss) ?? [], measurement: measurement)
    }
}

/// The debugger's answer: the patched spec and what changed, or nil when it has no fix.
public struct SpecPatch: Codable, Sendable, Equatable {
    public var spec: FederationSpec
    public var changes: [String]
}

/// Debugger: a diagnosis → one patch of the spec, by the expert's rules or by an LLM's validated
/// patch (``DebuggerPrompt``); nil when the expert has no rule and there is no LLM answer.
public distributed actor DebuggerAgent {
    public typealias ActorSystem = MeshSystem
    private let capabilities: Capabilities
    private let llm: ChatClient?

    public init(actorSystem: MeshSystem, capabilities: Capabilities, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.capabilities = capabilities
        self.llm = llm
    }

    public distributed func patch(_ spec: FederationSpec, diagnosis: Diagnosis) async -> Decided<SpecPatch?> {
        let rules = ExpertDebugger().patch(spec, for: diagnosis).map { SpecPatch(spec: $0.spec, changes: $0.changes) }
        guard let llm else { return .expert(rules) }
        return await llm.decide(
            DebuggerPrompt(caps: capabilities).query(spec, diagnosis: diagnosis, expert: rules), expert: rules)
    }
}
