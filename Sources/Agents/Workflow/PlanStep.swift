/// One thing the plan promises the composed topology will run, named in the topology's vocabulary,
/// so a check (``PlanConformance``) can find it there: the strategy, a client or server hook, a
/// corruption, the partition or the metric.
package struct PlanStep: Codable, Sendable, Equatable, Hashable {
    /// What part of the topology implements the step.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// `strategy.name`.
        case strategy
        /// Something every client does in its round: `small_loss_filter` (`sample_filter`),
        /// `fine_tune` (`evaluation.fine_tune_steps`), `replay` (`continual.replay`), `ewc` (`continual.ewc`).
        case clientHook
        /// Something the server does: `sampling` (`participation.sampling`), `compression`
        /// (`compression.kind`), `overcommit` (`participation.overcommit`); `value` names the setting.
        case serverHook
        /// A `data.corruptions` kind (`label_flip`, `gaussian_noise`).
        case corruption
        /// `data.partition.kind`.
        case partition
        /// `continual.tasks`: the classes arrive in task waves; `value` is the number of tasks.
        case tasks
        /// What the run evaluates: `global_top1` (`evaluation.every`), `mean_client_top1`
        /// (`evaluation.federated`), `total_bytes` (always metered), `mean_task_top1` and `forgetting`
        /// (measured after every task of `continual`).
        case metric
    }

    package var kind: Kind
    /// The hook, setting or metric name (`small_loss_filter`, `sampling`, `global_top1`) or, for a
    /// strategy, corruption or partition, its vocabulary name.
    package var name: String
    /// The setting's value for a server hook (`power_of_choice`, `topk`); nil otherwise.
    package var value: String?
    /// Why the plan has the step: the method card or the request's condition it comes from.
    package var reason: String

    package init(_ kind: Kind, _ name: String, value: String? = nil, reason: String) {
        self.kind = kind
        self.name = name
        self.value = value
        self.reason = reason
    }

    /// The spec module whose coder builds the step and whose tester checks it.
    package var module: FederationSpec.Module {
        switch kind {
        case .corruption, .partition, .tasks: .task
        case .clientHook: .client
        case .serverHook where name == "overcommit": .server
        case .strategy, .serverHook: .strategy
        case .metric: .server
        }
    }

    /// The step in a few words, as the plan's text shows it.
    package var text: String {
        "\(kind.rawValue) \(name)" + (value.map { "=\($0)" } ?? "")
    }
}
