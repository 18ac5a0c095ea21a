import ActorMesh
import CoreMetrics
import Federation
import Prometheus
import Synchronization

/// The metrics of one process (a run's driver or a node), made with swift-metrics on a Prometheus
/// registry of their own (not the process-wide `MetricsSystem`, so runs in one process stay apart),
/// and rendered in the Prometheus text format.
///
/// - `fedactors_ledger_bytes_total`, `fedactors_ledger_messages_total` {peer, actor, method, direction}:
///   the traffic ledger, brought up to date at each scrape (they equal the ledger then).
/// - A driver's run, from its events: `fedactors_rounds_completed_total`, `fedactors_rounds_planned`,
///   `fedactors_round_current` (0 between rounds), `fedactors_client_rounds_total` {state}: invited,
///   answered, finished, straggled, surplus, dropped, failed, unreachable (one per client per round),
///   `fedactors_round_wall_seconds` and `fedactors_round_virtual_seconds` (histograms),
///   `fedactors_global_accuracy` (the last evaluated), `fedactors_node_up` {node} (1 up, 0 down or
///   rejoining), `fedactors_run_ended` (1 once the run ended).
final class MetricsRegistry: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let state = Mutex(State())
    private let rendering = Mutex(())

    private struct State {
        var mirror = LedgerMirror()
        var ledger: (@Sendable () -> TrafficReport)?
        var counters: [String: CoreMetrics.Counter] = [:]
    }

    static let roundWallBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800].map {
        .milliseconds(Int64($0 * 1000))
    }
    static let roundVirtualBuckets: [Double] = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["fedactors_round_wall_seconds"] = Self.roundWallBuckets
        factory.valueHistogramBuckets["fedactors_round_virtual_seconds"] = Self.roundVirtualBuckets
        self.factory = factory
    }

    /// Reads `ledger()` at every scrape from now on.
    func follow(_ ledger: @escaping @Sendable () -> TrafficReport) {
        state.withLock { $0.ledger = ledger }
    }

    /// The text a scrape is answered with: the ledger's counters brought up to date, then every series.
    func render() -> String {
        // One scrape at a time: the increments of one snapshot are all added before the next is read.
        rendering.withLock { _ in
            if let source = state.withLock({ $0.ledger }) {
                let snapshot = source()
                let adds = state.withLock { $0.mirror.increments(toMatch: snapshot) }
                for (series, add) in adds {
                    counter("fedactors_ledger_bytes_total", series.labels).increment(by: Int64(add.bytes))
                    counter("fedactors_ledger_messages_total", series.labels).increment(by: Int64(add.messages))
                }
            }
            return registry.emitToString()
        }
    }

    /// The counter of `name` and `labels`, made once.
    func counter(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        return state.withLock { s in
            if let existing = s.counters[key] { return existing }
            let made = CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
            s.counters[key] = made
            return made
        }
    }

    func gauge(_ name: String, _ labels: [(String, String)] = []) -> Meter {
        Meter(label: name, dimensions: labels, factory: factory)
    }

    func wallTimer(_ name: String) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: name, dimensions: [], factory: factory)
    }

    func histogram(_ name: String) -> Recorder {
        Recorder(label: name, dimensions: [], aggregate: true, factory: factory)
    }
}
