/// One problem in a topology file, located and explained:
/// `cross-device.yaml:12:5: clients[0].count: expected a whole number >= 1, found "fifteen"`.
package struct TopologyIssue: Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int
    /// The dotted path of the field, e.g. `participation.fraction` or `clients[2].link.up_mbps`.
    package var field: String
    package var message: String

    package init(file: String, line: Int, column: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    package var description: String {
        "\(file):\(line):\(column): \(field.isEmpty ? "(top level)" : field): \(message)"
    }
}

/// A topology file that did not validate: every issue found, in file order.
package struct TopologyError: Error, Sendable, CustomStringConvertible {
    package var issues: [TopologyIssue]
    package init(issues: [TopologyIssue]) { self.issues = issues }
    package var description: String { issues.map(\.description).joined(separator: "\n") }
}
