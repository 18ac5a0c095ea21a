import Foundation

/// The samples of a Prometheus text exposition, by series (`name{label="value",…}` with labels sorted).
package struct PrometheusText: Sendable {
    package var samples: [String: Double] = [:]

    package init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[Self.canonical(String(line[..<space]))] = value
        }
    }

    /// The value of `name` with `labels`, or nil.
    package func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples[Self.series(name, labels)]
    }

    /// Every sample of `name`, by its labels.
    package func all(_ name: String) -> [[String: String]: Double] {
        var out: [[String: String]: Double] = [:]
        for (series, value) in samples {
            let (n, labels) = Self.split(series)
            if n == name { out[labels] = value }
        }
        return out
    }

    package static func series(_ name: String, _ labels: [String: String]) -> String {
        labels.isEmpty
            ? name
            : name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
                + "}"
    }

    static func canonical(_ series: String) -> String {
        let (name, labels) = split(series)
        return Self.series(name, labels)
    }

    static func split(_ series: String) -> (String, [String: String]) {
        guard let open = series.firstIndex(of: "{"), series.hasSuffix("}") else { return (series, [:]) }
        let name = String(series[..<open])
        let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
        var labels: [String: String] = [:]
        // Values here hold no quotes or commas inside (peers, actors and methods do not).
        for pair in body.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
        }
        return (name, labels)
    }
}
