import Federation
import Foundation
import Topology

/// `--events`: the run's event stream (``RunEvent``), written as the run goes.
extension RunOptions {
    /// The event log `--events` names, with its `run_started` line written; nil without the option.
    func openEvents(_ plan: RunPlan) throws -> RunEventLog? {
        guard let events else { return nil }
        let log: RunEventLog
        do {
            log = try RunEventLog(path: events)
        } catch {
            throw CommandFailure(error.message)
        }
        let spec = plan.spec
        var started = RunEvent(.runStarted, seconds: log.seconds)
        started.settings = [
            "name": spec.name, "strategy": spec.strategy.name, "model": spec.model.name, "dataset": spec.data.dataset,
            "partition": spec.data.partition.kind, "clients": String(spec.clientCount), "rounds": String(spec.rounds),
            "hosts": String(plan.clientsByHost.count), "topology": topology,
        ]
        log.write(started)
        return log
    }

    /// A finished round: its record, each client's outcome, and the checkpoint written after it.
    static func log(_ record: RoundRecord, checkpoint: URL?, to log: RunEventLog?) {
        guard let log else { return }
        log.write(RunEvent.round(record, seconds: log.seconds))
        if let checkpoint {
            var written = RunEvent(.checkpointWritten, seconds: log.seconds)
            written.round = record.round
            written.path = checkpoint.path
            log.write(written)
        }
    }

    /// A node entering a period: down, rejoining, up.
    static func log(_ change: NodeChange, to log: RunEventLog?) {
        guard let log else { return }
        let kind: RunEvent.Kind
        switch change.period.state {
        case .down: kind = .nodeDown
        case .rejoining: kind = .nodeRejoining
        case .up: kind = .nodeUp
        }
        var event = RunEvent(kind, seconds: log.seconds)
        event.node = change.node
        event.endpoint = change.endpoint
        event.reason = change.period.reason
        event.round = change.round
        log.write(event)
    }

    /// The run's end: the report's summary, whether it was interrupted, and the final accuracy.
    static func logEnd(_ report: RunReport, to log: RunEventLog?) {
        guard let log else { return }
        var ended = RunEvent(.runEnded, seconds: log.seconds)
        ended.settings = report.summary
        ended.interrupted = report.interrupted ?? false
        ended.finalAccuracy = report.finalAccuracy
        log.write(ended)
    }
}
