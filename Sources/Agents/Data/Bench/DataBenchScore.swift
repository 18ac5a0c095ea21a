import Foundation
import Federation
import Learning

/// How many items of one stage came out right, over all environments, and how many environments had
/// every item of the stage right.
package struct StageScore: Sendable, Equatable, Codable {
    package var correct = 0
    package var items = 0
    package var perfectEnvironments = 0
    package var environments = 0
    /// What went wrong, one line per wrong item (the first few).
    package var misses: [String] = []

    package var rate: Double { items == 0 ? 1 : Double(correct) / Double(items) }
    package var environmentRate: Double { environments == 0 ? 1 : Double(perfectEnvironments) / Double(environments) }

    mutating func add(_ results: [(ok: Bool, what: String)]) {
        correct += results.filter(\.ok).count
        items += results.count
        environments += 1
        if results.allSatisfy(\.ok) { perfectEnvironments += 1 }
        for miss in results where !miss.ok && misses.count < 20 { misses.append(miss.what) }
    }
}

/// The per-stage scores of a set of environments.
package struct DataBenchScore: Sendable, Equatable, Codable {
    package var description = StageScore()
    package var selection = StageScore()
    package var cleaning = StageScore()
    package var harmonization = StageScore()

    /// The four stages' rows: name, items right, rate, environments all right.
    package func table() -> String {
        let rows = [
            ("description", description), ("selection", selection), ("cleaning", cleaning),
            ("harmonization", harmonization),
        ]
        return
            (["stage           items right        rate   environments all right"]
            + rows.map { name, s in
                name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + "\(s.correct)/\(s.items)".padding(toLength: 19, withPad: " ", startingAt: 0)
                    + String(format: "%5.1f%%", s.rate * 100) + "   \(s.perfectEnvironments)/\(s.environments)"
                    + String(format: " (%.1f%%)", s.environmentRate * 100)
            }).joined(separator: "\n")
    }
}
