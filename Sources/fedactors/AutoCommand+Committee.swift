import Agents
import ArgumentParser
import Federation
import Foundation

extension AutoCommand {
    /// `--committee` and `--top-k` as the committee can take them, or what is wrong with them.
    func validateCommittee() throws {
        if let topK, committee == nil {
            throw ValidationError(
                "--top-k \(topK) needs --committee N: without a committee there are no proposals to try")
        }
        if let topK, topK < 1 { throw ValidationError(CommitteeError.noTopK(topK).description) }
        if let committee {
            do {
                _ = try CommitteeMembers(count: committee, llm: agents.backend.kind(for: .reviewers) == .llm)
            } catch { throw ValidationError(error.description) }
        }
    }

    /// The committee's settings, or nil without `--committee`.
    func committeeSettings() throws -> CommitteeSettings? {
        guard committee != nil else { return nil }
        do {
            return try CommitteeSettings(topK: topK ?? 3, catalog: MethodCatalog.bundled())
        } catch { throw CommandFailure("\(error)") }
    }

    /// Prints the committee's record and the final plan (restated for the method the committee
    /// chose), and writes the record to committee.json in `dir`.
    func show(_ record: CommitteeOutcome, plan: Plan?, in dir: URL) throws {
        print("")
        for line in record.lines { print(line) }
        if let plan, record.chosen != nil { print("\nfinal plan:\n" + plan.text) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: dir.appendingPathComponent("committee.json"))
    }

    /// Adds the committee's record to the full run's report under the key `committee`, and the
    /// final plan under `plan` (readers of the report that do not know the keys ignore them).
    func addCommittee(_ record: CommitteeOutcome, plan: Plan?, toReport url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let report = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        guard case .object(var fields) = report else {
            throw CommandFailure("\(url.path) is not a JSON object: the committee's record was not added")
        }
        fields["committee"] = JSONValue.encoding(record)
        if let plan { fields["plan"] = JSONValue.encoding(plan) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(JSONValue.object(fields)).write(to: url)
        print("committee's record added to \(url.path)")
    }
}
