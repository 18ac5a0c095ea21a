import Federation

/// The embedded expert as debugger: one patch of the spec per diagnosis, by explicit rules, each
/// recorded in words. Returns nil when no rule applies (the pipeline then stops and asks for a human).
package struct ExpertDebugger: Sendable {
    package init() {}

    /// A patched spec and what was changed, or nil.
    package func patch(_ spec: FederationSpec, for diagnosis: Diagnosis) -> (spec: FederationSpec, changes: [String])? {
        var s = spec
        for issue in diagnosis.issues {
            let changes = Self.changes(for: issue, to: &s)
            if !changes.isEmpty { return (s, changes) }  // one patch at a time: the next trial shows its effect
        }
        return nil
    }

    /// The rule for `issue`'s finding applied to `s`: what it changed, in words (empty when none applies).
    private static func changes(for issue: Diagnosis.Issue, to s: inout FederationSpec) -> [String] {
        switch issue.finding {
        case .invalidSpec, .runFailed: fixUnrunnable(&s, detail: issue.detail)
        case .zeroParticipation: fixZeroParticipation(&s)
        case .diverged, .nonFinite: calmDivergence(&s)
        case .chanceAccuracy, .frozenMetrics: restartProgress(&s)
        case .stragglersStarveRounds: easeStarvedRounds(&s)
        }
    }

    /// A spec that did not validate or run: the first rule that matches the error's `detail`.
    private static func fixUnrunnable(_ s: inout FederationSpec, detail: String) -> [String] {
        var changes: [String] = []
        if let renamed = Self.renameMisspeltOption(&s, detail: detail) {
            changes.append(renamed)
        } else if s.server.fraction <= 0 || detail.contains("select nobody") {
            let fixed = min(1, max(Double(s.server.minFit) / Double(max(1, s.server.clients)), 0.3))
            changes.append("participation fraction \(s.server.fraction) → \(fixed) (it selected nobody)")
            s.server.fraction = fixed
        } else if detail.contains("learning_rate") {
            let rate = SpecComposer.learningRate(for: s.task.model)
            changes.append(
                "learning rate \(s.client.learningRate) → \(rate) (out of range: \(detail.prefix(120)))")
            s.client.learningRate = rate
        } else if !s.strategy.options.isEmpty,
            detail.contains("option") || detail.contains(s.strategy.name)
        {
            changes.append("strategy options \(s.strategy.options.keys.sorted()) → the strategy's own defaults")
            s.strategy.options = [:]
        } else if !LearningVocabulary.trainable(model: s.task.model, dataset: s.task.dataset) {
            let fallback = LearningVocabulary.fallbackModel(for: s.task.dataset)
            changes.append(
                """
                model \(s.task.model) → \(fallback) (the first cannot train on \(s.task.dataset) in this \
                build)
                """
            )
            s.task.model = fallback
        } else if s.strategy.name != "fedavg", detail.contains("strategy") {
            changes.append(
                "strategy \(s.strategy.name) → fedavg (it could not run: \(detail.prefix(120)))")
            s.strategy = .init(
                name: "fedavg", options: [:], sampling: s.strategy.sampling,
                compression: s.strategy.compression,
                compressionFraction: s.strategy.compressionFraction, errorFeedback: s.strategy.errorFeedback)
        } else if s.task.corruptions.count > 0, detail.contains("corruption") {
            changes.append(
                """
                corruptions \(s.task.corruptions.map(\.kind)) removed (not available: \
                \(detail.prefix(120)))
                """
            )
            s.task.corruptions = []
        } else if s.task.partition != "dirichlet", detail.contains("partition") {
            changes.append(
                "partition \(s.task.partition) → dirichlet α=0.5 (not available: \(detail.prefix(120)))")
            s.task.partition = "dirichlet"; s.task.partitionSettings = ["alpha": 0.5]; s.task.quantitySkew = nil
        }
        return changes
    }

    /// Nobody trained: invite enough clients, then give stragglers time, then stop the dropouts.
    private static func fixZeroParticipation(_ s: inout FederationSpec) -> [String] {
        var changes: [String] = []
        let needed = Double(s.server.minFit) / Double(s.server.clients)
        if s.server.fraction < needed || s.server.fraction <= 0 {
            changes.append(
                """
                participation fraction \(s.server.fraction) → \(max(needed, 0.3)) (it selected fewer than \
                min_fit clients)
                """
            )
            s.server.fraction = min(1, max(needed, 0.3))
        } else if let d = s.server.deadlineSeconds, SpecComposer.isAsynchronous(s.strategy.name) {
            changes.append(
                """
                round deadline \(d) s → \(d * 3) s (every client straggled; \(s.strategy.name) needs a \
                deadline for its late updates)
                """
            )
            s.server.deadlineSeconds = d * 3
        } else if s.server.deadlineSeconds != nil {
            changes.append("round deadline removed (every client straggled)")
            s.server.deadlineSeconds = nil
        } else if s.server.dropout > 0 {
            changes.append("dropout \(s.server.dropout) → 0")
            s.server.dropout = 0
        }
        return changes
    }

    /// Training diverged: quieter DP noise, else a smaller step and less momentum.
    private static func calmDivergence(_ s: inout FederationSpec) -> [String] {
        var changes: [String] = []
        if let quieter = Self.quietDPNoise(&s) { return [quieter] }
        changes += Self.slowDown(&s, by: 5, because: "training diverged")
        if s.client.momentum > 0.5 {
            changes.append("momentum \(s.client.momentum) → 0.5"); s.client.momentum = 0.5
        }
        return changes
    }

    /// No progress: quieter DP noise, else a learning rate in a useful range, else one more local epoch.
    private static func restartProgress(_ s: inout FederationSpec) -> [String] {
        var changes: [String] = []
        if let quieter = Self.quietDPNoise(&s) {
            changes.append(quieter)
        } else if s.client.learningRate < 0.01 {
            changes.append("learning rate \(s.client.learningRate) → 0.05 (too small to make progress)")
            s.client.learningRate = 0.05
        } else if s.client.learningRate > 0.2 {
            changes += Self.slowDown(&s, by: 5, because: "too large to settle")
        } else if s.client.localEpochs < 3 {
            changes.append(
                "local epochs \(s.client.localEpochs) → \(s.client.localEpochs + 1) (no progress in the trial)")
            s.client.localEpochs += 1
        }
        return changes
    }

    /// Stragglers starved the rounds: a longer deadline and some over-commitment.
    private static func easeStarvedRounds(_ s: inout FederationSpec) -> [String] {
        var changes: [String] = []
        if let d = s.server.deadlineSeconds {
            changes.append(
                "round deadline \(d) s → \(d * 3) s, over-commitment 0.3 (stragglers starved the rounds)")
            s.server.deadlineSeconds = d * 3
            s.server.overcommit = max(s.server.overcommit, 0.3)
        }
        return changes
    }
}

/// What this build's Learning can train, for the debugger's fallbacks.
enum LearningVocabulary {
    /// Whether this build can build `model` for `dataset`'s samples (as topology validation checks).
    static func trainable(model: String, dataset: String) -> Bool {
        (try? ModelFit(model: model, width: 1, dataset: dataset)) != nil
    }

    static func fallbackModel(for dataset: String) -> String {
        let preferred = dataset == "synthetic-sensors" ? ["gru", "2nn", "logreg"] : ["2nn", "logreg"]
        return preferred.first { LearningTrainerFactory.models.contains($0) } ?? "logreg"
    }
}
