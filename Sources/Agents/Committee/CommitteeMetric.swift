import Federation

/// The request's metric as the committee compares trials by it: the plan's `metric` setting.
/// `global_top1` is the trial's accuracy as the evaluator judges it (the clients' mean for a
/// personalized strategy); `mean_client_top1` the clients' mean accuracy in the trial's last round
/// with federated evaluation (the evaluator's accuracy when there is none), and so is
/// `global_top1_all_domains` (the clients' mean stands in for the mean of the domains' means: the
/// `domains` partition deals clients to domains in turn, so their counts differ by one at most);
/// `total_bytes` the model
/// bytes on the wire, lower being better; `mean_task_top1` and `forgetting` come from the trial's
/// task-accuracy matrix (``ContinualMetrics``), forgetting lower being better. A trial that did not
/// measure the metric (no tasks for a continual metric) has no score and cannot be kept. Any other
/// metric compares by the evaluator's accuracy, and ``note`` says so.
package struct CommitteeMetric: Codable, Sendable, Equatable {
    package var name: String

    package init(_ name: String?) {
        self.name = name ?? Metric.globalTop1.rawValue
    }

    /// Whether a larger value is better.
    package var higherIsBetter: Bool { ![Metric.totalBytes.rawValue, Metric.forgetting.rawValue].contains(name) }

    /// Why the comparison is not by the named metric itself, when it is not.
    package var note: String? {
        Self.measured.contains(name)
            ? nil : "\(name) is not measured by a trial; trials compare by the evaluator's accuracy"
    }

    /// The metrics a trial measures.
    static let measured: Set<String> = Set(
        [Metric.globalTop1, .meanClientTop1, .totalBytes, .meanTaskTop1, .forgetting].map(\.rawValue) + [
            HeadlineMetric.allDomainsTop1.rawValue
        ])

    /// The metrics measured on the clients' held-out data.
    static let onClientData: Set<String> = [Metric.meanClientTop1.rawValue, HeadlineMetric.allDomainsTop1.rawValue]

    /// The trial's value of the metric, or nil when the trial did not measure it.
    package func value(of trial: TrialResult) -> Double? {
        if Self.onClientData.contains(name) { return trial.clientMeanAccuracy ?? trial.diagnosis.accuracy }
        return switch name {
        case Metric.totalBytes.rawValue: trial.modelBytes.map(Double.init)
        case Metric.meanTaskTop1.rawValue: trial.taskAccuracy.flatMap { ContinualMetrics(matrix: $0).averageAccuracy }
        case Metric.forgetting.rawValue: trial.taskAccuracy.flatMap { ContinualMetrics(matrix: $0).forgetting }
        default: trial.diagnosis.accuracy
        }
    }

    /// How many samples the trial measured the metric on, for the noise band (``BenchNoise``): the test
    /// images, the round's clients' held-out samples for a per-client metric, a task's share of the
    /// test images for a continual metric; nil when unknown, and for bytes, which are counted exactly.
    package func samples(of trial: TrialResult) -> Int? {
        guard name != Metric.totalBytes.rawValue, let measured = trial.measurement, measured.testSamples > 0 else {
            return nil
        }
        switch name {
        case _ where Self.onClientData.contains(name):
            return measured.heldOutSamples > 0 ? measured.heldOutSamples : measured.testSamples
        case Metric.meanTaskTop1.rawValue, Metric.forgetting.rawValue:
            return max(1, measured.testSamples / max(1, trial.taskAccuracy?.count ?? 1))
        default: return measured.testSamples
        }
    }

    /// Whether `a` is strictly better than `b`.
    package func better(_ a: Double, than b: Double) -> Bool {
        higherIsBetter ? a > b : a < b
    }
}
