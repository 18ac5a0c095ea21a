import Federation
import Testing
import Topology

@testable import Agents

/// Every field the analyzer reads from a request reaches the topology the planner composes for it
/// (issue 27): client count, participation fraction, round deadline, per-client metric, ε and δ, and
/// the continual task count. Checked over the development requests of every corpus batch (the
/// analyzer's own reading, right or wrong, is what must arrive), by reading the composed topology
/// back with the same reader as user files. A client count the stand-in dataset cannot serve is
/// cut only with the plan saying so.
struct AnalyzedFieldsReachTopologyTests {
    @Test func everyFoundFieldIsInTheComposedTopology() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let corpus = try RequestCorpus()
        var checked = 0
        for entry in corpus.batches.flatMap({ $0.entries(in: .development) }) {
            let (a, choice) = chooser.choose(for: entry.text)
            // As the planner and the coder do: what this build cannot run (HeteroFL on a 2NN) is replaced.
            let composer = SpecComposer()
            let spec = composer.substitute(composer.compose(name: "corpus", a, choice), within: Self.caps).spec
            let topology: TopologySpec
            do {
                topology = try spec.topology()
            } catch {
                Issue.record("the composed topology does not read: \(error)\n\(entry.text)")
                continue
            }
            let lost = Self.lostFields(a, topology, assumed: SpecComposer().conditions(a, choice).assumed)
            #expect(lost.isEmpty, "\(lost.joined(separator: "; "))\n\(entry.text)")
            checked += 1
        }
        #expect(checked >= 150)
    }

    /// The models and strategies of this build (datasets and partitions unchecked).
    static let caps = Capabilities(
        models: LearningTrainerFactory.models, strategies: StrategyCatalog.available, partitions: [], datasets: [])

    /// The fields `a` found that `topology` does not carry, in words. A client count the dataset
    /// cannot serve may be cut, when the plan's assumptions (`assumed`) say so.
    static func lostFields(_ a: RequestAnalysis, _ topology: TopologySpec, assumed: [String]) -> [String] {
        var lost: [String] = []
        if let n = a.clientCount, topology.clientCount != n {
            let said = assumed.contains { $0.contains("the request's \(n) clients are more than") }
            if !(topology.clientCount < n && said) { lost.append("clients \(n) → \(topology.clientCount)") }
        }
        if let p = a.participation, abs(topology.participation.fraction - p) > 1e-9 {
            lost.append("participation \(p) → \(topology.participation.fraction)")
        }
        if let d = a.roundDeadline, topology.deadlineSeconds != d {
            lost.append("deadline \(d) → \(topology.deadlineSeconds.map { "\($0)" } ?? "none")")
        }
        if a.metrics.first == .meanClientTop1, topology.evaluation.metric != Metric.meanClientTop1.rawValue {
            lost.append("per-client metric → \(topology.evaluation.metric ?? "global")")
        }
        if let e = a.privacyEpsilon {
            let target = topology.strategy.name == "dp-fedavg" ? topology.strategy.options["target_epsilon"] : nil
            if target != e { lost.append("ε \(e) → \(target.map { "\($0)" } ?? "none") (\(topology.strategy.name))") }
            if let d = a.privacyDelta, topology.strategy.options["delta"] != d { lost.append("δ \(d) → none") }
        }
        if a.challenges.contains(.continualLearning) {
            let classes = DatasetFacts.of(topology.data.dataset)?.classes ?? 10
            let want = max(2, min(a.continualTasks ?? SpecComposer.defaultTasks, classes))
            if topology.continual?.tasks != want {
                lost.append("continual tasks \(want) → \(topology.continual.map { "\($0.tasks)" } ?? "none")")
            }
        }
        return lost
    }
}
