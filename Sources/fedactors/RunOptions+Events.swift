import Federation
import Foundation
import RunMetrics
import Topology

/// `--events` and `--metrics-bind`: where the run's news goes besides the console (``RunObserver``).
extension RunOptions {
    /// The observer of a run about to start: the events file opened, the metrics endpoint listening
    /// (its URL printed), and `run_started` published.
    func observe(_ plan: RunPlan, started: ContinuousClock.Instant) throws -> (RunObserver, RunMetricsExporter?) {
        var log: RunEventLog?
        if let events {
            do {
                log = try RunEventLog(path: events, started: started)
            } catch {
                throw CommandFailure(error.message)
            }
        }
        let metrics = try RunMetricsExporter.serving(metricsBind)
        if let metrics {
            printLive("  metrics: \(metrics.url)")
            metrics.nodesUp(plan.spec.hosts.filter { plan.startsNode(of: $0.name) }.map(\.name))
        }
        // The progress line within a round: only on a terminal, and not when the events share it.
        let live = isatty(STDOUT_FILENO) == 1 && events != "-"
        let observer = RunObserver(log: log, metrics: metrics, live: live, started: started)
        let spec = plan.spec
        var settings = [
            "name": spec.name, "strategy": spec.strategy.name, "model": spec.model.name, "dataset": spec.data.dataset,
            "partition": spec.data.partition.kind, "clients": String(spec.clientCount), "rounds": String(spec.rounds),
            "hosts": String(plan.clientsByHost.count), "topology": topology,
        ]
        if let metrics { settings["metrics"] = metrics.url }
        observer.runStarted(settings, placement: plan.clientsByHost.filter { !$0.value.isEmpty })
        return (observer, metrics)
    }

    /// After the run, the metrics keep the ledger the report gives the server, so their counters equal it.
    func freezeMetrics(_ metrics: RunMetricsExporter?, at report: RunReport) {
        guard let metrics, let server = report.nodeNames?.first(where: { $0.value == "server" })?.key,
            let final = report.ledgers[server]
        else { return }
        metrics.follow { final }
    }

    /// Goes on answering scrapes for --metrics-linger seconds, so a scraper can read the final values;
    /// then stops the endpoint.
    func lingerMetrics(_ metrics: RunMetricsExporter?) async {
        guard let metrics else { return }
        if metricsLinger > 0 {
            printLive("  metrics: still served at \(metrics.url) for \(metricsLinger) s")
            try? await Task.sleep(for: .seconds(metricsLinger))
        }
        await metrics.stop()
    }
}
