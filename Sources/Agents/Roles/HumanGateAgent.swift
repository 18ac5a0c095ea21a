import ActorMesh
import Distributed
import Foundation

/// What the user decided about a plan.
package enum GateDecision: Codable, Sendable, Equatable {
    case approve
    case feedback(String)
    case abort
}

/// Where the gate reads the user's answers from (the terminal, or a script in tests).
package protocol LineSource: Sendable {
    func readLine() -> String?
}

/// The terminal.
package struct StandardInput: LineSource {
    package init() {}
    package func readLine() -> String? { Swift.readLine() }
}

/// Human gate: shows the plan and asks to approve (y), give feedback (any other text, which goes back
/// to the planner) or abort (n / q / end of input). With `autoApprove` (`--yes`) it approves at once.
package distributed actor HumanGateAgent {
    package typealias ActorSystem = MeshSystem
    let input: any LineSource
    let show: @Sendable (String) -> Void
    let autoApprove: Bool

    package init(
        actorSystem: MeshSystem, input: any LineSource, autoApprove: Bool, show: @escaping @Sendable (String) -> Void
    ) {
        self.actorSystem = actorSystem
        self.input = input
        self.autoApprove = autoApprove
        self.show = show
    }

    package distributed func review(_ plan: Plan) -> GateDecision {
        show(plan.text)
        if autoApprove {
            show("approved (--yes)")
            return .approve
        }
        show("Approve this plan? [y]es, [n]o to abort, or type feedback (e.g. \"clients: 20\"):")
        return Self.decide(input.readLine())
    }

    static func decide(_ line: String?) -> GateDecision {
        guard let text = line?.trimmingCharacters(in: .whitespacesAndNewlines) else { return .abort }
        switch text.lowercased() {
        case "y", "yes", "": return .approve
        case "n", "no", "q", "quit", "abort": return .abort
        default: return .feedback(text)
        }
    }
}
