import Yams

/// Where issues of one file are collected (shared by every reader of that file).
final class IssueLog {
    let file: String
    /// The directory relative paths in the file (traces) are read from: the file's own, or the
    /// current directory for text that was not read from a file.
    let directory: String?
    private(set) var issues: [TopologyIssue] = []
    init(file: String, directory: String? = nil) {
        self.file = file
        self.directory = directory
    }

    /// Every value read so far, by field path, so that a problem found after reading (one that
    /// involves several fields) can be located at the field it names.
    private var places: [String: Node] = [:]

    func record(_ node: Node?, _ field: String, _ message: String) {
        let mark = node?.mark
        issues.append(
            TopologyIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field, message: message))
    }

    func remember(_ node: Node, at path: String) { places[path] = node }

    /// Records a problem of `field` at that field, or else at the first of `near` the file has, or
    /// else at the nearest enclosing field the file has (`data.corruptions[0].range` →
    /// `data.corruptions[0]` → `data.corruptions` → `data` → the top).
    func record(_ problem: TopologyProblem) {
        var node = places[problem.field] ?? problem.near.lazy.compactMap { self.places[$0] }.first
        var path = problem.field
        while node == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
            path = String(path[..<cut])
            node = places[path]
        }
        record(node ?? places[""], problem.field, problem.message)
    }
}

/// One YAML value with its field path; typed accessors record an issue and return nil on a mismatch.
struct YAMLValue {
    let node: Node
    let path: String
    let log: IssueLog

    init(node: Node, path: String, log: IssueLog) {
        self.node = node
        self.path = path
        self.log = log
        log.remember(node, at: path)
    }

    /// How the value looks, for "found …" in messages.
    var found: String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func fail(_ expected: String) {
        log.record(node, path, "expected \(expected), found \(found)")
    }

    func string() -> String? {
        guard case .scalar(let s) = node, !s.string.isEmpty else {
            fail("a text value")
            return nil
        }
        return s.string
    }

    func oneOf(_ choices: [String]) -> String? {
        guard let text = string() else { return nil }
        guard choices.contains(text) else {
            let hint = NearestName.suggestion(for: text, among: choices).map { " (did you mean '\($0)'?)" } ?? ""
            log.record(node, path, "expected one of \(choices.joined(separator: ", ")), found '\(text)'\(hint)")
            return nil
        }
        return text
    }

    func int(_ range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let s) = node, let v = Int(s.string.replacingOccurrences(of: "_", with: "")),
            range.contains(v)
        else {
            fail("a whole number in \(Self.describe(range))")
            return nil
        }
        return v
    }

    func double(_ range: ClosedRange<Double>, _ words: String? = nil) -> Double? {
        guard case .scalar(let s) = node, let v = Double(s.string.replacingOccurrences(of: "_", with: "")), v.isFinite,
            range.contains(v)
        else {
            fail(words ?? "a number in \(Self.describe(range))")
            return nil
        }
        return v
    }

    func bool() -> Bool? {
        guard case .scalar(let s) = node else { fail("true or false"); return nil }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: fail("true or false"); return nil
        }
    }

    func mapping() -> YAMLMapping? {
        guard case .mapping(let m) = node else { fail("a mapping (key: value lines)"); return nil }
        return YAMLMapping(self, m)
    }

    func sequence() -> [YAMLValue]? {
        guard case .sequence(let s) = node else { fail("a list (lines starting with '-')"); return nil }
        return s.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]", log: log) }
    }

    /// A list of numbers, e.g. `[0.2, 0.8]`.
    func doubles(count: Int, _ range: ClosedRange<Double>, _ words: String? = nil) -> [Double]? {
        guard let items = sequence() else { return nil }
        guard items.count == count else { fail("a list of \(count) numbers"); return nil }
        let values = items.compactMap { $0.double(range, words) }
        return values.count == count ? values : nil
    }

    static func describe<T: Comparable>(_ r: ClosedRange<T>) -> String { "\(r.lowerBound)...\(r.upperBound)" }
}

/// A YAML mapping whose keys are checked: reading a key marks it known; ``finish()`` flags the rest.
final class YAMLMapping {
    let value: YAMLValue
    private var entries: [(key: String, keyNode: Node, value: Node)] = []
    private var known: [String] = []

    init(_ value: YAMLValue, _ mapping: Node.Mapping) {
        self.value = value
        var merged: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in mapping {
            if case .scalar(let s) = k {
                if s.string == "<<" {
                    merged += Self.mergeKeyEntries(v, log: value.log, path: join("<<"))
                    continue
                }
                if entries.contains(where: { $0.key == s.string }) {
                    value.log.record(k, join(s.string), "duplicate key '\(s.string)'")
                }
                entries.append((s.string, k, v))
            } else {
                value.log.record(k, value.path, "expected text keys, found a complex key")
            }
        }
        // YAML's merge key: the keys written here win, then the merged mappings' in order.
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) { entries.append(entry) }
    }

    /// The entries a merge key (`<<: *anchor` or `<<: [*a, *b]`) brings in, nested merges included.
    private static func mergeKeyEntries(_ node: Node, log: IssueLog, path: String) -> [(
        key: String, keyNode: Node, value: Node
    )] {
        switch node {
        case .mapping(let mapping):
            var own: [(key: String, keyNode: Node, value: Node)] = [],
                nested: [(key: String, keyNode: Node, value: Node)] = []
            for (k, v) in mapping {
                guard case .scalar(let s) = k else { continue }
                if s.string == "<<" {
                    nested += mergeKeyEntries(v, log: log, path: path)
                } else {
                    own.append((s.string, k, v))
                }
            }
            return own + nested.filter { n in !own.contains { $0.key == n.key } }
        case .sequence(let items):
            var out: [(key: String, keyNode: Node, value: Node)] = []
            for item in items {
                for entry in mergeKeyEntries(item, log: log, path: path)
                where !out.contains(where: { $0.key == entry.key }) { out.append(entry) }
            }
            return out
        default:
            log.record(
                node, path,
                """
                a merge key (<<) takes a mapping or a list of mappings, such as <<: *template; found \
                \(YAMLValue(node: node, path: path, log: log).found)
                """
            )
            return []
        }
    }

    private func join(_ key: String) -> String { value.path.isEmpty ? key : "\(value.path).\(key)" }

    /// The value at `key`, if present.
    func optional(_ key: String) -> YAMLValue? {
        known.append(key)
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        return YAMLValue(node: e.value, path: join(key), log: value.log)
    }

    /// The value at `key`; records "missing" when absent.
    func required(_ key: String, _ expected: String) -> YAMLValue? {
        guard let v = optional(key) else {
            value.log.record(value.node, join(key), "missing: expected \(expected)")
            return nil
        }
        return v
    }

    var keys: [String] { entries.map(\.key) }

    /// Flags every key that no reader asked for, with the nearest valid key.
    func finish() {
        for e in entries where !known.contains(e.key) {
            let hint =
                NearestName.suggestion(for: e.key, among: known).map { "did you mean '\($0)'?" }
                ?? "valid keys: \(known.joined(separator: ", "))"
            value.log.record(e.keyNode, join(e.key), "unknown key '\(e.key)'; \(hint)")
        }
    }
}
