import Foundation
import Topology

extension FederationSpec {
    /// The spec as a commented topology file.
    package func topologyYAML() -> String {
        func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
        var partition = "{kind: \(task.partition)"
        for (k, v) in task.partitionSettings.sorted(by: { $0.key < $1.key }) {
            partition +=
                ", \(k): " + (Vocabulary.booleanPartitionSettings.contains(k) ? (v != 0 ? "true" : "false") : number(v))
        }
        if let q = task.quantitySkew { partition += ", quantity_skew: \(q)" }
        partition += "}"
        var lines = [
            "# \(name): synthesized by the FedActors agents. Edit freely and re-run with `fedactors run`."
        ]
        lines += (comments ?? []).map { "# " + $0.replacingOccurrences(of: "\n", with: " ") }
        lines += [
            "name: \(name)",
            "seed: 42",
            "clients:",
            "  - group: clients",
            "    count: \(server.clients)",
        ]
        if server.speedSpread > 0 || server.dropout > 0 {
            lines.append(
                "    device: {flops_per_second: {lognormal: {median: 2e9, sigma: \(number(server.speedSpread))}}, dropout: \(number(server.dropout))}"
            )
        }
        if let link = server.link {
            lines.append("    link: {down_mbps: \(number(link.downMbps)), up_mbps: \(number(link.upMbps))}")
        }
        lines += ["data:", "  dataset: \(task.dataset)", "  partition: \(partition)"]
        if !task.corruptions.isEmpty {
            lines.append("  corruptions:")
            for c in task.corruptions {
                lines.append(
                    "    - {kind: \(c.kind)"
                        + (c.range.map { ", range: [\($0.map(number).joined(separator: ", "))]" } ?? "")
                        + (c.fractionOfClients.map { ", fraction_of_clients: \(number($0))" } ?? "") + "}")
            }
        }
        if task.holdout > 0 { lines.append("  holdout: \(number(task.holdout))") }
        if let n = server.samplesPerClient { lines.append("  samples_per_client: \(n)") }
        lines.append(
            task.width == 1 ? "model: \(task.model)" : "model: {name: \(task.model), width: \(number(task.width))}")
        let options = strategy.options.sorted { $0.key < $1.key }.map { ", \($0.key): \(number($0.value))" }.joined()
        lines.append(options.isEmpty ? "strategy: \(strategy.name)" : "strategy: {name: \(strategy.name)\(options)}")
        // Continual tasks share the rounds equally: the run has tasks × rounds_per_task rounds.
        let rounds = task.tasks.map { $0 * max(1, server.rounds / max(1, $0)) } ?? server.rounds
        lines.append(
            """
            training: {rounds: \(rounds), local_epochs: \(client.localEpochs), batch_size: \
            \(client.batchSize), learning_rate: \(number(client.learningRate)), momentum: \(number(client.momentum))}
            """
        )
        var participation =
            """
            participation: {fraction: \(number(server.fraction)), min_fit: \(server.minFit), min_available: \
            \(server.minFit), sampling: \(strategy.sampling)
            """
        if server.overcommit > 0 { participation += ", overcommit: \(number(server.overcommit))" }
        if let d = server.deadlineSeconds { participation += ", deadline_seconds: \(number(d))" }
        lines.append(participation + "}")
        var evaluation = "evaluation: {every: \(server.evaluateEvery), federated: \(server.federatedEvaluation)"
        if let steps = client.fineTuneSteps { evaluation += ", fine_tune_steps: \(steps)" }
        if let n = server.testSamples { evaluation += ", test_samples: \(n)" }
        if let m = server.metric { evaluation += ", metric: \(m)" }
        lines.append(evaluation + "}")
        if let filter = client.sampleFilter {
            lines.append(
                """
                sample_filter: {kind: small_loss, drop_fraction: \(number(filter.dropFraction)), ramp_rounds: \
                \(filter.rampRounds)}
                """
            )
        }
        if let tasks = task.tasks {
            var c = "continual: {tasks: \(tasks), rounds_per_task: \(rounds / max(1, tasks))"
            if let r = client.replay { c += ", replay: {memory: \(r.memory), share: \(number(r.share))}" }
            if let e = client.ewc { c += ", ewc: {lambda: \(number(e.lambda)), fisher_samples: \(e.fisherSamples)}" }
            lines.append(c + "}")
        }
        if strategy.compression != "none" {
            var c = "compression: {kind: \(strategy.compression)"
            if let f = strategy.compressionFraction { c += ", fraction: \(number(f))" }
            lines.append(c + ", error_feedback: \(strategy.errorFeedback)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The spec read back as a topology: every value checked by the same reader as user files.
    package func topology() throws -> TopologySpec {
        try TopologyReader.parse(topologyYAML(), file: "\(name).yaml")
    }
}
