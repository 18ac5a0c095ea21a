import ActorMesh
import Distributed
import Federation
import Learning

/// A restarted node's clients, when the run trains on data the stages prepared: the new node has no
/// data agents, so each of its training clients gets one again (the node rebuilds the client's messy
/// data from the topology's settings), which describes its data, cleans it by the server data agent's
/// stored rules and relabels it by the stored mapping. A client whose relabelled counts per class are
/// not the ones the stages gave (its data changed) or that fails is left out, with why.
struct DataRejoin: Sendable {
    let prepared: PreparedClients
    let setup: MessySetup

    /// What happened to each client: ready to train again, or left out with why.
    struct Outcome: Sendable, Equatable {
        var ready: [Int] = []
        var excluded: [Int: String] = [:]

        /// One line for the console and the node's record.
        var note: String {
            var line =
                ready.isEmpty
                ? "no client's data could be prepared again as the stages prepared it"
                : """
                data re-prepared for clients \(ready) (described, cleaned by the stored rules, relabelled by the \
                stored mapping: the same counts per class as the stages)
                """
            for (id, why) in excluded.sorted(by: { $0.key < $1.key }) { line += "; client \(id) left out: \(why)" }
            return line
        }
    }

    /// Makes the data agents on the node at `endpoint` and re-prepares every client of ``setup``.
    func run(at endpoint: String, using system: MeshSystem, timeout: Duration) async throws -> Outcome {
        let host = try ClientHost.at(endpoint, using: system)
        let made = try await MeshSystem.withDeadline(timeout) { try await host.createDataAgents(setup) }
        var outcome = Outcome()
        for id in setup.clients.sorted() {
            guard let made = made[id] else {
                outcome.excluded[id] = "the restarted node made no data agent for it"
                continue
            }
            do {
                let agent = try ClientDataAgent.resolve(id: MeshActorID(node: endpoint, path: made.path), using: system)
                if let why = try await MeshSystem.withDeadline(timeout, operation: { try await prepare(id, agent) }) {
                    outcome.excluded[id] = why
                } else {
                    outcome.ready.append(id)
                }
            } catch {
                outcome.excluded[id] = "re-preparing its data failed: \(error)"
            }
        }
        return outcome
    }

    /// Describes, cleans and relabels client `id`'s data; nil when it gives the stages' counts again,
    /// else why it is left out.
    private func prepare(_ id: Int, _ agent: ClientDataAgent) async throws -> String? {
        guard let rules = prepared.rules, let mapping = prepared.mappings[id], let expected = prepared.labelCounts[id]
        else { return "the data stages kept no cleaning rules, mapping or counts for it" }
        let card = try await agent.describe()
        _ = try await agent.clean(rules)
        let counts = try await agent.relabel(mapping).perClass
        guard counts == expected else {
            return
                """
                its data is not what the stages prepared (\(card.size) samples described; \
                \(counts.values.reduce(0, +)) relabelled now, \(expected.values.reduce(0, +)) then; \
                \(Self.differences(counts, expected)))
                """
        }
        return nil
    }

    /// The classes whose counts differ, now against then (the first three, and how many more).
    static func differences(_ now: [String: Int], _ then: [String: Int]) -> String {
        let differing = Set(now.keys).union(then.keys).sorted().filter { now[$0] != then[$0] }
        let shown = differing.prefix(3).map { "\($0) \(now[$0] ?? 0) now, \(then[$0] ?? 0) then" }
        return shown.joined(separator: "; ") + (differing.count > 3 ? "; \(differing.count - 3) more classes" : "")
    }
}
