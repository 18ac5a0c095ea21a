import ActorMesh
import Federation

/// A process's `/metrics` endpoint (`--metrics-bind`): its traffic ledger, and for a run's driver the
/// run as its events tell it (``MetricsRegistry`` lists the series).
package final class RunMetricsExporter: Sendable {
    private let metrics: MetricsRegistry
    private let endpoint: MetricsEndpoint

    /// Listens on `bind` (`HOST:PORT`; port 0 picks a free one). Throws, saying why, when it cannot.
    package init(bind: String) throws(MetricsError) {
        let metrics = MetricsRegistry()
        self.metrics = metrics
        endpoint = try MetricsEndpoint(bind: bind) { metrics.render() }
    }

    /// Where a scraper reads, e.g. `http://127.0.0.1:40213/metrics`.
    package var url: String { endpoint.url }

    /// Counts `ledger()` (read at every scrape) from now on; at the run's end, give the ledger of its
    /// report so the counters stay equal to what the report says.
    package func follow(_ ledger: @escaping @Sendable () -> TrafficReport) {
        metrics.follow(ledger)
    }

    /// The text a scrape gets now.
    package func render() -> String { metrics.render() }

    /// Counts what `events` say about the run.
    package func take(_ events: [RunEvent]) {
        for event in events { take(event) }
    }

    private func take(_ event: RunEvent) {
        switch event.event {
        case .runStarted:
            if let rounds = event.settings?["rounds"].flatMap(Double.init) {
                metrics.gauge("fedactors_rounds_planned").set(rounds)
            }
            metrics.gauge("fedactors_run_ended").set(0.0)
            // Series a scraper expects from the start, at zero.
            metrics.counter("fedactors_rounds_completed_total").increment(by: 0)
        case .roundStarted:
            guard let round = event.round else { return }
            metrics.gauge("fedactors_round_current").set(Double(round))
        case .clientInvited: clients("invited")
        case .clientAnswered: clients("answered")
        case .clientFinished: clients("finished")
        case .clientStraggled: clients("straggled")
        case .clientDropped: clients("dropped")
        case .clientFailed: clients("failed")
        case .clientUnreachable: clients("unreachable")
        case .roundEnded:
            guard let record = event.record else { return }
            metrics.counter("fedactors_rounds_completed_total").increment()
            metrics.gauge("fedactors_round_current").set(0.0)
            if !record.surplus.isEmpty {
                metrics.counter("fedactors_client_rounds_total", [("state", "surplus")]).increment(
                    by: Int64(record.surplus.count))
            }
            // The server's own measure of the round's wall time (from its start to its record).
            metrics.wallTimer("fedactors_round_wall_seconds").recordNanoseconds(Int64(record.wallSeconds * 1e9))
            metrics.histogram("fedactors_round_virtual_seconds").record(record.virtualSeconds)
            if let accuracy = record.globalAccuracy { metrics.gauge("fedactors_global_accuracy").set(accuracy) }
        case .nodeDown, .nodeRejoining, .nodeUp:
            guard let node = event.node ?? event.endpoint else { return }
            metrics.gauge("fedactors_node_up", [("node", node)]).set(event.event == .nodeUp ? 1.0 : 0.0)
        case .checkpointWritten:
            metrics.counter("fedactors_checkpoints_written_total").increment()
        case .runEnded:
            metrics.gauge("fedactors_run_ended").set(1.0)
        }
    }

    /// The run's nodes are up (before any of them is reported down).
    package func nodesUp(_ names: [String]) {
        for name in names { metrics.gauge("fedactors_node_up", [("node", name)]).set(1.0) }
    }

    private func clients(_ state: String) {
        metrics.counter("fedactors_client_rounds_total", [("state", state)]).increment()
    }

    /// Stops serving.
    package func stop() async { await endpoint.stop() }
}
