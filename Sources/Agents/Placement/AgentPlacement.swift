/// Where each agent role lives, as `--agents-on HOST[,ROLE=HOST…]` writes it: the first item is the
/// node of every role not named, `ROLE=HOST` puts one role on another node, and `local` (as HOST)
/// keeps a role in this process. A HOST is the endpoint of a node started with `fedactors node`:
/// `tcp://host:port` or plain `host:port`. The human gate always stays in this process.
package struct AgentPlacement: Sendable, Equatable {
    /// The word that keeps a role in this process.
    package static let local = "local"

    /// The node of every role without an override; nil: this process.
    package private(set) var defaultHost: String?
    /// Roles placed by name (nil: this process).
    package private(set) var overrides: [AgentRole: String?]

    /// Everything in this process (the default without `--agents-on`).
    package init() {
        defaultHost = nil
        overrides = [:]
    }

    /// The endpoint of `role`'s node, or nil when it lives in this process.
    package func host(for role: AgentRole) -> String? {
        guard role.isPlaceable else { return nil }
        if let placed = overrides[role] { return placed }
        return defaultHost
    }

    /// The distinct nodes the roles are placed on, in role order.
    package var hosts: [String] {
        var seen: [String] = []
        for role in AgentRole.allCases {
            if let host = host(for: role), !seen.contains(host) { seen.append(host) }
        }
        return seen
    }

    /// Parses the `--agents-on` text, or throws what is wrong and what is allowed.
    package static func parse(_ text: String) throws(AgentPlacementError) -> AgentPlacement {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = items.first, !items.contains(where: \.isEmpty) else { throw .empty(text) }
        guard !first.contains("=") else { throw .noDefaultHost(first) }
        var placement = AgentPlacement()
        placement.defaultHost = try host(first, in: first)
        for item in items.dropFirst() {
            guard let equals = item.firstIndex(of: "="), !item[..<equals].contains(":") else {
                throw .notARoleItem(item)
            }
            let name = item[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard let role = AgentRole(rawValue: name) else { throw .unknownRole(name) }
            guard role.isPlaceable else { throw .gateStaysLocal }
            placement.overrides[role] = try host(
                item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces), in: item)
        }
        return placement
    }

    /// `local` → nil; `host:port` → `tcp://host:port`; a `tcp://host:port` endpoint as it is.
    private static func host(_ text: String, in item: String) throws(AgentPlacementError) -> String? {
        if text.lowercased() == local { return nil }
        let endpoint = text.hasPrefix("tcp://") ? text : "tcp://" + text
        let address = endpoint.dropFirst("tcp://".count)
        guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
            let port = Int(address[address.index(after: colon)...]), (1...65_535).contains(port),
            !address.contains("/")
        else { throw .notAHost(text, item) }
        return endpoint
    }
}

/// An `--agents-on` value that does not parse; the message says what is allowed.
package enum AgentPlacementError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(String)
    case noDefaultHost(String)
    case notARoleItem(String)
    case unknownRole(String)
    case gateStaysLocal
    case notAHost(String, String)

    static let syntax =
        """
        write HOST[,ROLE=HOST…], e.g. 127.0.0.1:7001 or 127.0.0.1:7001,planner=127.0.0.1:7002 (HOST: a `fedactors \
        node` endpoint, host:port or tcp://host:port, or local)
        """

    package var description: String {
        switch self {
        case .empty(let text):
            "--agents-on \"\(text)\" is empty or has an empty item; \(Self.syntax)"
        case .noDefaultHost(let item):
            """
            --agents-on starts with \"\(item)\", a role item; the first item is the node of every role not named: \
            \(Self.syntax)
            """
        case .notARoleItem(let item):
            "--agents-on item \"\(item)\" is not ROLE=HOST; only the first item is a bare HOST: \(Self.syntax)"
        case .unknownRole(let role):
            "--agents-on names an unknown role \"\(role)\"; the roles are \(AgentRole.names)"
        case .gateStaysLocal:
            "--agents-on cannot move the human-gate: it asks the person at this terminal, so it stays in this process"
        case .notAHost(let host, let item):
            """
            --agents-on item \"\(item)\": \"\(host)\" is not a node endpoint (host:port, tcp://host:port with a port \
            1-65535, or local)
            """
        }
    }
}
