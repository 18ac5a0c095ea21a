import Foundation
import Topology

extension FederationSpec {
    /// The spec as a commented topology file.
    package func topologyYAML() -> String {
        // Continual tasks share the rounds equally: the run has tasks × rounds_per_task rounds.
        let rounds = task.tasks.map { $0 * max(1, server.rounds / max(1, $0)) } ?? server.rounds
        var lines = headerLines() + clientLines() + dataLines()
        lines += learningLines(rounds: rounds)
        lines.append(participationLine())
        lines.append(evaluationLine())
        lines += optionalSectionLines(rounds: rounds)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The spec read back as a topology: every value checked by the same reader as user files.
    package func topology() throws -> TopologySpec {
        try TopologyReader.parse(topologyYAML(), file: "\(name).yaml")
    }
}

/// The topology file's sections, in the order ``FederationSpec/topologyYAML()`` writes them.
extension FederationSpec {
    /// A whole number without a fraction, any other as Swift writes it.
    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Where the file came from, the spec's comments, the name and the seed.
    private func headerLines() -> [String] {
        ["# \(name): synthesized by the FedActors agents. Edit freely and re-run with `fedactors run`."]
            + (comments ?? []).map { "# " + $0.replacingOccurrences(of: "\n", with: " ") }
            + ["name: \(name)", "seed: 42"]
    }

    /// One client group, with its devices' speed spread and dropout when there are any.
    private func clientLines() -> [String] {
        var lines = ["clients:", "  - group: clients", "    count: \(server.clients)"]
        if server.speedSpread > 0 || server.dropout > 0 {
            lines.append(
                "    device: {flops_per_second: {lognormal: {median: 2e9, sigma: \(Self.number(server.speedSpread))}}, dropout: \(Self.number(server.dropout))}"
            )
        }
        if let link = server.link {
            lines.append("    link: {down_mbps: \(Self.number(link.downMbps)), up_mbps: \(Self.number(link.upMbps))}")
        }
        return lines
    }

    /// The dataset, its partition, corruptions, hold-out share and samples per client.
    private func dataLines() -> [String] {
        var partition = "{kind: \(task.partition)"
        for (k, v) in task.partitionSettings.sorted(by: { $0.key < $1.key }) {
            partition +=
                ", \(k): "
                + (Vocabulary.booleanPartitionSettings.contains(k) ? (v != 0 ? "true" : "false") : Self.number(v))
        }
        if let q = task.quantitySkew { partition += ", quantity_skew: \(q)" }
        partition += "}"
        var lines = ["data:", "  dataset: \(task.dataset)", "  partition: \(partition)"]
        if !task.corruptions.isEmpty {
            lines.append("  corruptions:")
            for c in task.corruptions {
                lines.append(
                    "    - {kind: \(c.kind)"
                        + (c.range.map { ", range: [\($0.map(Self.number).joined(separator: ", "))]" } ?? "")
                        + (c.fractionOfClients.map { ", fraction_of_clients: \(Self.number($0))" } ?? "") + "}")
            }
        }
        if task.holdout > 0 { lines.append("  holdout: \(Self.number(task.holdout))") }
        if let n = server.samplesPerClient { lines.append("  samples_per_client: \(n)") }
        return lines
    }

    /// The model, the strategy with its options, and the training settings over `rounds` rounds.
    private func learningLines(rounds: Int) -> [String] {
        let number = Self.number
        let options = strategy.options.sorted { $0.key < $1.key }.map { ", \($0.key): \(number($0.value))" }.joined()
        return [
            task.width == 1 ? "model: \(task.model)" : "model: {name: \(task.model), width: \(number(task.width))}",
            options.isEmpty ? "strategy: \(strategy.name)" : "strategy: {name: \(strategy.name)\(options)}",
            """
            training: {rounds: \(rounds), local_epochs: \(client.localEpochs), batch_size: \
            \(client.batchSize), learning_rate: \(number(client.learningRate)), momentum: \(number(client.momentum))}
            """,
        ]
    }

    /// Who is invited each round, and the round deadline if there is one.
    private func participationLine() -> String {
        var participation =
            """
            participation: {fraction: \(Self.number(server.fraction)), min_fit: \(server.minFit), min_available: \
            \(server.minFit), sampling: \(strategy.sampling)
            """
        if server.overcommit > 0 { participation += ", overcommit: \(Self.number(server.overcommit))" }
        if let d = server.deadlineSeconds { participation += ", deadline_seconds: \(Self.number(d))" }
        return participation + "}"
    }

    /// How often and on what the model is evaluated.
    private func evaluationLine() -> String {
        var evaluation = "evaluation: {every: \(server.evaluateEvery), federated: \(server.federatedEvaluation)"
        if let steps = client.fineTuneSteps { evaluation += ", fine_tune_steps: \(steps)" }
        if let n = server.testSamples { evaluation += ", test_samples: \(n)" }
        if let m = server.metric { evaluation += ", metric: \(m)" }
        return evaluation + "}"
    }

    /// The sections only some specs have: a sample filter, continual tasks (sharing `rounds`), compression.
    private func optionalSectionLines(rounds: Int) -> [String] {
        let number = Self.number
        var lines: [String] = []
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
        return lines
    }
}
