import Yams

/// Moving whole top-level sections from one topology's text into another's.
package enum TopologySections {
    /// The sections of a topology that say who the clients are, where they live, through which
    /// aggregators and links they reach the server (links are `hosts[].link`, `server.link` and
    /// `clients[].link`) and what data they hold, with the YAML anchors they may use (`templates`):
    /// what `fedactors auto --data FILE` carries from FILE into the topology it writes.
    package static let dataSections = [
        "seed", "templates", "hosts", "server", "security", "clients", "aggregators", "data", "messy",
    ]

    /// `text` (a topology) with its `sections` taken from `source` (another topology): each one
    /// `source` has replaces `text`'s or is added after `text`'s `clients`, and each one `source` lacks
    /// is removed (its default applies, as in `source`). The leading comment lines of `text` stay; the
    /// rest is written by the YAML library (other comments are not kept).
    /// - Throws: ``TopologyError`` when either text is not a YAML mapping.
    package static func carrying(_ sections: [String], from source: String, into text: String, file: String)
        throws(TopologyError) -> String
    {
        let (target, carried) = (try mapping(text, file: file), try mapping(source, file: file))
        var pairs: [(Node, Node)] = []
        var added = false
        func addCarried() {
            guard !added else { return }
            added = true
            pairs += carried.filter { sections.contains($0.key.string ?? "") }.map { ($0.key, $0.value) }
        }
        for (key, value) in target {
            guard let name = key.string, sections.contains(name) else {
                pairs.append((key, value))
                continue
            }
            // The carried sections go together where the target's first one was.
            addCarried()
        }
        addCarried()
        let header = text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
        do {
            let body = try Yams.serialize(node: .mapping(Node.Mapping(pairs)), width: -1)
            return (header.map { $0 + "\n" }.joined()) + body
        } catch {
            throw issue("the merged topology cannot be written as YAML: \(error)", file: file)
        }
    }

    /// `text` (a topology) with `key: value` set in its `section` mapping (added, or replacing the
    /// key's value). The leading comment lines stay, as in ``carrying(_:from:into:file:)``.
    /// - Throws: ``TopologyError`` when `text` is not a YAML mapping or `section` is not a mapping in it.
    package static func setting(_ key: String, to value: Int, inSection section: String, of text: String, file: String)
        throws(TopologyError) -> String
    {
        var top = try mapping(text, file: file)
        guard let sectionKey = top.keys.first(where: { $0.string == section }), var inner = top[sectionKey]?.mapping
        else { throw issue("\(section) is not a mapping: \(key) cannot be set in it", file: file) }
        inner[Node(key)] = Node("\(value)", Tag(.int))
        top[sectionKey] = .mapping(inner)
        let header = text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
        do {
            let body = try Yams.serialize(node: .mapping(top), width: -1)
            return (header.map { $0 + "\n" }.joined()) + body
        } catch {
            throw issue("the topology cannot be written as YAML: \(error)", file: file)
        }
    }

    private static func mapping(_ text: String, file: String) throws(TopologyError) -> Node.Mapping {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw issue("not YAML: \(error)", file: file) }
        guard let mapping = node?.mapping else { throw issue("a topology is a YAML mapping", file: file) }
        return mapping
    }

    private static func issue(_ message: String, file: String) -> TopologyError {
        TopologyError(issues: [TopologyIssue(file: file, line: 1, column: 1, field: "", message: message)])
    }
}
