/// One problem in a topology file, located and explained:
/// `cross-device.yaml:12:5: clients[0].count: expected a whole number >= 1, found "fifteen"`.
public struct TopologyIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The dotted path of the field, e.g. `participation.fraction` or `clients[2].link.up_mbps`.
    public var field: String
    public var message: String

    public init(file: String, line: Int, column: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(field.isEmpty ? "(top level)" : field): \(message)" }
}

/// A topology file that did not validate: every issue found, in file order.
public struct TopologyError: Error, Sendable, CustomStringConvertible {
    public var issues: [TopologyIssue]
    public init(issues: [TopologyIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
