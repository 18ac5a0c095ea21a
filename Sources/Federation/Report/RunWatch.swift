import ActorMesh
import Foundation

/// What `fedactors watch` knows of a run from its event stream (``RunEvent``): a value updated event
/// by event, which says what to print for each event (plain lines) and draws the live view.
package struct RunWatch: Sendable {
    /// A node's last known state.
    package struct NodeState: Sendable, Equatable {
        package var state: String
        package var round: Int
        package var reason: String?
    }

    /// The round under way: when it started, how many clients it invited and how many answered.
    package struct RoundUnderWay: Sendable, Equatable {
        package var round: Int
        package var invited: Int
        package var answered = 0
        package var failed = 0
        /// In seconds since the run started.
        package var startedAt: Double
    }

    package private(set) var name = "run"
    /// The round under way, between its `round_started` and `round_ended` events.
    package private(set) var current: RoundUnderWay?
    /// When the first round this stream saw started, in seconds since the run started.
    package private(set) var firstRoundStart: Double?
    package private(set) var settings: [String: String] = [:]
    package private(set) var totalRounds: Int?
    package private(set) var rounds: [RoundRecord] = []
    /// When each round ended, in seconds since the run started.
    package private(set) var roundEnds: [Double] = []
    package private(set) var nodes: [String: NodeState] = [:]
    /// Each host's clients, from `run_started`.
    package private(set) var placement: [String: [Int]] = [:]
    package private(set) var ended = false
    package private(set) var interrupted = false
    package private(set) var finalAccuracy: Double?
    /// The plain lines printed so far, newest last (the live view shows the last few).
    package private(set) var log: [String] = []

    package init() {}

    /// Takes in `event`; returns the plain lines it prints (none for per-client events, which the
    /// round's line counts).
    @discardableResult
    package mutating func apply(_ event: RunEvent) -> [String] {
        var lines: [String] = []
        switch event.event {
        case .runStarted:
            settings = event.settings ?? [:]
            placement = event.placement ?? [:]
            name = settings["name"] ?? name
            totalRounds = settings["rounds"].flatMap(Int.init)
            lines.append(
                """
                \(name): \(settings["clients"] ?? "?") clients, \(settings["strategy"] ?? "?"), \
                \(settings["model"] ?? "?") on \(settings["dataset"] ?? "?"), \(totalRounds.map(String.init) ?? "?") \
                rounds
                """
            )
        case .roundStarted:
            let round = event.round ?? rounds.count + 1
            current = RoundUnderWay(round: round, invited: event.clients?.count ?? 0, startedAt: event.seconds)
            if firstRoundStart == nil { firstRoundStart = event.seconds }
        case .clientAnswered:
            guard var under = current, event.round == under.round else { break }
            under.answered += 1
            if event.answer != "result" { under.failed += 1 }
            current = under
        case .roundEnded:
            guard let record = event.record else { break }
            current = nil
            rounds.append(record)
            roundEnds.append(event.seconds)
            lines.append(roundLine(record))
        case .nodeDown, .nodeRejoining, .nodeUp:
            let state = event.event == .nodeDown ? "down" : event.event == .nodeRejoining ? "rejoining" : "up"
            let node = event.node ?? event.endpoint ?? "?"
            nodes[node] = NodeState(state: state, round: event.round ?? 0, reason: event.reason)
            lines.append("node \(node) \(state) (round \(event.round ?? 0))" + (event.reason.map { ": \($0)" } ?? ""))
        case .checkpointWritten:
            lines.append("checkpoint after round \(event.round ?? 0): \(event.path ?? "?")")
        case .runEnded:
            ended = true
            interrupted = event.interrupted ?? false
            finalAccuracy = event.finalAccuracy
            lines.append(
                """
                run \(interrupted ? "interrupted" : "ended") after \(rounds.count) \
                round\(rounds.count == 1 ? "" : "s")
                """
                    + (finalAccuracy.map { String(format: ", final accuracy %.4f", $0) } ?? ""))
        case .clientInvited, .clientFinished, .clientStraggled, .clientDropped, .clientFailed, .clientUnreachable:
            break
        }
        log += lines
        if log.count > 200 { log.removeFirst(log.count - 200) }
        return lines
    }

    /// Seconds left at the mean pace of the rounds so far (from the first round's start, or the run's
    /// when the stream has no round starts, to the last round's end); nil before the first round ends
    /// or without a known number of rounds.
    package var etaSeconds: Double? { etaSeconds(at: nil) }

    /// Seconds left at `now` (seconds since the run started): the rounds still to run at the mean
    /// pace, less the time the round under way has already taken (never below zero).
    package func etaSeconds(at now: Double?) -> Double? {
        guard let total = totalRounds, let last = roundEnds.last, !rounds.isEmpty else { return nil }
        let pace = max(0, last - (firstRoundStart ?? 0)) / Double(rounds.count)
        var left = pace * Double(max(0, total - rounds.count))
        if let current, let now { left -= max(0, now - current.startedAt) }
        return max(0, left)
    }

    /// The round under way as one line: clients answered of invited, seconds in, and the ETA; nil
    /// between rounds.
    package func progressLine(at now: Double) -> String? {
        guard let c = current else { return nil }
        let of = totalRounds.map { "/\($0)" } ?? ""
        var line = "round \(c.round)\(of): \(c.answered)/\(c.invited) answered"
        if c.failed > 0 { line += " (\(c.failed) failed)" }
        line += String(format: ", %.0f s in", max(0, now - c.startedAt))
        if let eta = etaSeconds(at: now) { line += String(format: ", about %.0f s left", eta) }
        return line
    }

    /// Model bytes down and up so far.
    package var bytes: (down: Int, up: Int) {
        (rounds.reduce(0) { $0 + $1.wireBytesDown }, rounds.reduce(0) { $0 + $1.wireBytesUp })
    }

    /// Model bytes to and from each host's clients so far (their logical sizes: the parameters sent
    /// and the updates received, as the rounds' records count them per client).
    package var nodeTraffic: [String: (down: Int, up: Int)] {
        var hostOf: [Int: String] = [:]
        for (host, ids) in placement { for id in ids { hostOf[id] = host } }
        var out: [String: (down: Int, up: Int)] = [:]
        for r in rounds {
            for (id, bytes) in r.clientBytesDown ?? [:] {
                if let h = hostOf[id] { out[h, default: (0, 0)].down += bytes }
            }
            for (id, bytes) in r.clientBytesUp ?? [:] { if let h = hostOf[id] { out[h, default: (0, 0)].up += bytes } }
        }
        return out
    }

    /// The round's plain line: progress, what its clients did, accuracy and bytes so far, the ETA.
    func roundLine(_ r: RoundRecord) -> String {
        let of = totalRounds.map { "/\($0)" } ?? ""
        var line = "round \(r.round)\(of): \(r.completed.count)/\(r.invited.count) done"
        let extra = [
            (r.straggled.count, "straggled"), (r.dropped.count, "dropped"), (r.failed.count, "failed"),
            ((r.unreachable ?? []).count, "unreachable"),
        ]
        for (count, what) in extra where count > 0 { line += ", \(count) \(what)" }
        if let a = r.globalAccuracy { line += String(format: ", accuracy %.4f", a) }
        let (down, up) = bytes
        line += ", \(ByteCount.format(down)) down, \(ByteCount.format(up)) up so far"
        if let eta = etaSeconds, totalRounds.map({ r.round < $0 }) == true {
            line += String(format: ", about %.0f s left", eta)
        }
        if let error = r.aggregationError { line += " (model kept: \(error))" }
        return line
    }

    /// The live view at `now` (seconds since the run started), `width` columns wide: progress bar and
    /// ETA, the round under way, accuracy and bytes, the last round's clients, the nodes, the
    /// stragglers so far, and the latest lines.
    package func screen(width: Int = 100, at now: Double? = nil) -> [String] {
        var out: [String] = []
        let done = rounds.count
        if let total = totalRounds, total > 0 {
            let cells = 30, filled = min(cells, done * cells / total)
            let eta = etaSeconds(at: now).map { String(format: "  about %.0f s left", $0) } ?? ""
            let status = ended ? (interrupted ? "  interrupted" : "  ended") : eta
            out.append(
                "\(name)  round \(done) of \(total)  [" + String(repeating: "#", count: filled)
                    + String(repeating: ".", count: cells - filled) + "]" + status)
        } else {
            out.append("\(name)  round \(done)")
        }
        if let now, let line = progressLine(at: now) { out.append("now: " + line) }
        let accuracies = rounds.compactMap(\.globalAccuracy)
        let (down, up) = bytes
        out.append(
            "accuracy " + (accuracies.last.map { String(format: "%.4f", $0) } ?? "-")
                + (accuracies.max().map { String(format: " (best %.4f)", $0) } ?? "")
                + "   model traffic \(ByteCount.format(down)) down, \(ByteCount.format(up)) up")
        if let r = rounds.last {
            out.append(
                "last round: \(r.completed.count)/\(r.invited.count) done, \(r.surplus.count) spare, \(r.straggled.count) straggled, "
                    + "\(r.dropped.count) dropped, \(r.failed.count) failed, \((r.unreachable ?? []).count) unreachable"
            )
        }
        let hosts = Set(placement.keys).union(nodes.keys).sorted()
        if !hosts.isEmpty {
            let traffic = nodeTraffic
            out.append(
                "nodes: "
                    + hosts.map { host in
                        var part = host + (nodes[host].map { " \($0.state) since round \($0.round)" } ?? " up")
                        if let t = traffic[host] {
                            part += ", \(ByteCount.format(t.down)) down, \(ByteCount.format(t.up)) up"
                        }
                        return part
                    }.joined(separator: "; "))
        }
        let stragglers = Set(rounds.flatMap(\.straggled)).sorted()
        if !stragglers.isEmpty {
            out.append(
                "stragglers so far: \(stragglers.count) (clients \(stragglers.prefix(12).map(String.init).joined(separator: ", "))\(stragglers.count > 12 ? ", …" : ""))"
            )
        }
        out.append("")
        out += log.suffix(6)
        return out.map { $0.count > width ? String($0.prefix(max(1, width - 1))) + "…" : $0 }
    }
}
