import Federation
import Foundation
import RunMetrics
import Synchronization
import Topology

/// Where a run's news goes as it happens: the console (a line per round, and on a terminal a progress
/// line within the round that the round's line replaces), the events file (`--events`) and the
/// metrics endpoint (`--metrics-bind`). Every sink hears the same ``RunEvent``s, in one order.
final class RunObserver: Sendable {
    private let log: RunEventLog?
    private let metrics: RunMetricsExporter?
    private let started: ContinuousClock.Instant
    /// Whether the console redraws a progress line within each round (standard output is a terminal
    /// that the events do not share).
    private let live: Bool
    private let state = Mutex(State())
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    private struct State {
        var watch = RunWatch()
        var headerPrinted = false
        /// Whether a progress line is on screen, to be cleared before the next line.
        var progressShown = false
    }

    init(log: RunEventLog?, metrics: RunMetricsExporter?, live: Bool, started: ContinuousClock.Instant) {
        self.log = log
        self.metrics = metrics
        self.live = live
        self.started = started
        guard live else { return }
        // Seconds and the ETA move on between answers: redraw the progress line every second.
        ticker.withLock {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    self?.redraw()
                }
            }
        }
    }

    deinit { ticker.withLock { $0?.cancel() } }

    private var seconds: Double { (ContinuousClock.now - started).seconds }

    /// The run started with these settings, and these clients on each host.
    func runStarted(_ settings: [String: String], placement: [String: [Int]]) {
        var event = RunEvent(.runStarted, seconds: seconds)
        event.settings = settings
        event.placement = placement
        publish([event])
    }

    /// The run's events as its server made them, in this process or on the server's host: stamped
    /// with this run's seconds, published to every sink, and shown (a round's line when it ends, the
    /// progress line redrawn as it goes). The console, the events file and the metrics therefore
    /// come from the same events wherever the server runs.
    func relay(_ made: [RunEvent]) {
        let now = seconds
        let events = made.map { event in
            var stamped = event
            stamped.seconds = now
            return stamped
        }
        publish(events)
        if let record = events.first(where: { $0.event == .roundEnded })?.record {
            let header = state.withLock { s in
                defer { s.headerPrinted = true }
                return !s.headerPrinted
            }
            clearProgress()
            if header { printLive(RunReport.consoleHeader) }
            printLive(RunReport.consoleLine(record))
        } else if events.contains(where: { $0.event == .roundStarted || $0.event == .clientAnswered }) {
            redraw()
        }
    }

    /// A line the launcher announces (a node started, a resume), printed above the progress line.
    func announce(_ line: String) {
        clearProgress()
        printLive("  " + line)
        redraw()
    }

    /// The run failed or was interrupted before it had a report: the progress line goes.
    func stop() {
        ticker.withLock { $0?.cancel() }
        clearProgress()
    }

    /// The run ended: its summary, whether it was interrupted, and its final accuracy.
    func runEnded(_ report: RunReport) {
        ticker.withLock { $0?.cancel() }
        clearProgress()
        var ended = RunEvent(.runEnded, seconds: seconds)
        ended.settings = report.summary
        ended.interrupted = report.interrupted ?? false
        ended.finalAccuracy = report.finalAccuracy
        publish([ended])
    }

    private func publish(_ events: [RunEvent]) {
        state.withLock { s in for event in events { s.watch.apply(event) } }
        log?.write(events)
        metrics?.take(events)
    }

    /// Draws the round's progress line over the last one (terminal only).
    private func redraw() {
        guard live else { return }
        let now = seconds
        guard
            let line = state.withLock({ s -> String? in
                let line = s.watch.progressLine(at: now)
                s.progressShown = line != nil
                return line
            })
        else { return }
        print("\r\u{1B}[K" + line, terminator: "")
        fflush(nil)
    }

    /// Erases the progress line, if one is shown, so the next line starts clean.
    private func clearProgress() {
        guard live,
            state.withLock({ s in
                defer { s.progressShown = false }
                return s.progressShown
            })
        else { return }
        print("\r\u{1B}[K", terminator: "")
        fflush(nil)
    }
}
