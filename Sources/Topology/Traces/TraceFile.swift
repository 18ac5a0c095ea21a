import Federation
import Foundation

/// A CSV trace: a header line naming the columns, then one row per line; `#` starts a comment line,
/// blank lines are skipped. Every problem is located (`file:line: column: what was expected, found`).
package struct TraceFile: Sendable, Equatable {
    /// One row's numbers by column name, and the line it came from.
    package struct Row: Sendable, Equatable {
        package var line: Int
        package var values: [String: Double]
    }

    package var rows: [Row]

    /// Reads `text` (named `file` in messages): the header must hold every `required` column and no
    /// column outside `required` + `optional`; each value must be a finite number.
    package static func parse(_ text: String, file: String, required: [String], optional: [String] = [])
        throws(TraceError) -> TraceFile
    {
        var header: [String]?
        var rows: [Row] = []
        var problems: [String] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let columns = header else {
                for missing in required where !cells.contains(missing) {
                    problems.append(
                        """
                        \(file):\(line): header: missing column '\(missing)' (the header must name \
                        \((required + optional).joined(separator: ", ")); required: \
                        \(required.joined(separator: ", ")))
                        """
                    )
                }
                for unknown in cells where !(required + optional).contains(unknown) {
                    problems.append(
                        """
                        \(file):\(line): header: unknown column '\(unknown)'; the columns are \
                        \((required + optional).joined(separator: ", "))
                        """
                    )
                }
                if Set(cells).count != cells.count {
                    problems.append("\(file):\(line): header: a column is named twice")
                }
                header = cells
                if !problems.isEmpty { throw TraceError(problems: problems) }
                continue
            }
            guard cells.count == columns.count else {
                problems.append(
                    """
                    \(file):\(line): expected \(columns.count) values (\(columns.joined(separator: ","))), found \
                    \(cells.count)
                    """
                )
                continue
            }
            var values: [String: Double] = [:]
            for (column, cell) in zip(columns, cells) {
                if let v = Double(cell), v.isFinite {
                    values[column] = v
                } else {
                    problems.append("\(file):\(line): \(column): expected a number, found '\(cell)'")
                }
            }
            rows.append(Row(line: line, values: values))
        }
        if header == nil {
            problems.append(
                "\(file):1: the trace is empty: expected a header line (\(required.joined(separator: ","))) then rows")
        }
        if !problems.isEmpty { throw TraceError(problems: problems) }
        return TraceFile(rows: rows)
    }
}

/// A trace that cannot be used: every problem, located.
package struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    package var problems: [String]
    package var description: String { problems.joined(separator: "\n") }
}

extension TraceFile {
    /// The row's `client`, a whole number ≥ 0, or nil (with the problem recorded).
    static func clientID(_ row: Row, file: String, problems: inout [String]) -> Int? {
        guard let v = row.values["client"], v >= 0, v == v.rounded(), v < 1e9 else {
            if row.values["client"] != nil {
                problems.append(
                    "\(file):\(row.line): client: expected a whole number >= 0, found \(row.values["client"] ?? 0)")
            }
            return nil
        }
        return Int(v)
    }
}
