/// The roles of the workflow as `--agents-on` and the per-role traffic table name them. The module
/// coders and the module testers are one role each (four actors, one per module, always together).
package enum AgentRole: String, Sendable, Codable, CaseIterable {
    case planner
    case reflector
    case humanGate = "human-gate"
    case supervisor
    case coders
    case testers
    case evaluator
    case debugger
    /// The committee of `auto --committee N`: N reviewer actors, always together.
    case reviewers

    /// The team role of an LLM-capable role, or nil for the harmonizer: it serves the data stages
    /// beside the server's data agent in the process that runs `auto`, and is not placed.
    package init?(_ role: LLMRole) {
        switch role {
        case .harmonizer: return nil
        case .planner: self = .planner
        case .reflector: self = .reflector
        case .supervisor: self = .supervisor
        case .coders: self = .coders
        case .debugger: self = .debugger
        case .reviewers: self = .reviewers
        }
    }

    /// The LLM-capable role this is, or nil for a role that never asks a model.
    package var llmRole: LLMRole? { LLMRole(rawValue: rawValue) }

    /// Whether the role can live on another node. The human gate cannot: it asks the person at the
    /// terminal of the process that runs `plan`/`auto`.
    package var isPlaceable: Bool { self != .humanGate }

    /// The role of the transcript name of one of its actors (`coder-task` → coders).
    package init?(transcriptName name: String) {
        if name.hasPrefix("coder-") {
            self = .coders
        } else if name.hasPrefix("tester-") {
            self = .testers
        } else if name.hasPrefix("reviewer-") {
            self = .reviewers
        } else {
            self.init(rawValue: name)
        }
    }

    /// Every role name, for error messages.
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
