import Foundation

/// Which backend each LLM-capable role uses, as `--backend` writes it: a bare backend sets every
/// role (`llm`, `expert`), `role=backend` sets one (`planner=llm,debugger=expert`), and both mix,
/// later items winning (`llm,debugger=expert`). `openai` is accepted for `llm`. Roles not named use
/// the expert.
package struct BackendSelection: Sendable, Equatable {
    package private(set) var kinds: [LLMRole: BackendKind]

    package init(_ kinds: [LLMRole: BackendKind] = [:]) {
        self.kinds = kinds
    }

    /// The backend of `role` (the expert unless set).
    package func kind(for role: LLMRole) -> BackendKind { kinds[role] ?? .expert }

    /// The roles set to the LLM.
    package var llmRoles: [LLMRole] { LLMRole.allCases.filter { kind(for: $0) == .llm } }

    /// Parses the `--backend` text, or throws what is wrong and what is allowed.
    package static func parse(_ text: String) throws(BackendSelectionError) -> BackendSelection {
        var selection = BackendSelection()
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else { throw BackendSelectionError.empty(text) }
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let kind = try backend(parts.count == 2 ? parts[1] : parts[0], in: item)
            guard parts.count == 2 else {
                for role in LLMRole.allCases { selection.kinds[role] = kind }
                continue
            }
            guard let role = LLMRole(rawValue: parts[0].lowercased()) else {
                if let why = LLMRole.deterministic[parts[0].lowercased()] {
                    throw BackendSelectionError.deterministicRole(parts[0], why)
                }
                throw BackendSelectionError.unknownRole(parts[0])
            }
            selection.kinds[role] = kind
        }
        return selection
    }

    private static func backend(_ name: String, in item: String) throws(BackendSelectionError) -> BackendKind {
        switch name.lowercased() {
        case "llm", "openai": return .llm
        case "expert": return .expert
        default: throw BackendSelectionError.unknownBackend(name, item)
        }
    }
}

extension BackendSelection: CustomStringConvertible {
    /// As `--backend` writes it: `expert` or `llm` when every role has the same backend, else the
    /// roles set to the LLM (`planner=llm,debugger=llm`).
    package var description: String {
        let llm = llmRoles
        if llm.isEmpty { return BackendKind.expert.rawValue }
        if llm.count == LLMRole.allCases.count { return BackendKind.llm.rawValue }
        return llm.map { "\($0.rawValue)=\(BackendKind.llm.rawValue)" }.joined(separator: ",")
    }
}

/// A `--backend` value that does not parse; the message lists what is allowed.
package enum BackendSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(String)
    case unknownRole(String)
    case deterministicRole(String, String)
    case unknownBackend(String, String)

    static var roles: String { LLMRole.allCases.map(\.rawValue).joined(separator: ", ") }

    package var description: String {
        switch self {
        case .empty(let text):
            "--backend \"\(text)\" is empty or has an empty item; write e.g. llm, expert or planner=llm,debugger=expert"
        case .unknownRole(let role):
            "--backend names an unknown role \"\(role)\"; the roles that can use an LLM are \(Self.roles)"
        case .deterministicRole(let role, let why):
            """
            --backend cannot put \"\(role)\" on an LLM: \(why) and stay deterministic; the roles that can use an LLM \
            are \(Self.roles)
            """
        case .unknownBackend(let name, let item):
            """
            --backend item \"\(item)\" names an unknown backend \"\(name)\"; use expert or llm (openai is accepted \
            for llm)
            """
        }
    }
}

/// The chat client of each role set to the LLM; a role without one decides with the expert.
package struct RoleBackends: Sendable {
    package let clients: [LLMRole: ChatClient]

    package init(_ clients: [LLMRole: ChatClient] = [:]) {
        self.clients = clients
    }

    /// One client for every role `selection` sets to the LLM.
    package init(_ selection: BackendSelection, client: ChatClient) {
        self.clients = Dictionary(uniqueKeysWithValues: selection.llmRoles.map { ($0, client) })
    }

    /// Every LLM-capable role on `client`.
    package static func all(_ client: ChatClient) -> RoleBackends {
        RoleBackends(Dictionary(uniqueKeysWithValues: LLMRole.allCases.map { ($0, client) }))
    }

    package func client(for role: LLMRole) -> ChatClient? { clients[role] }

    /// The planner's backend.
    var planner: any DecisionBackend {
        client(for: .planner).map { ChatBackend(client: $0) } ?? ExpertBackend()
    }
}
