import ActorMesh
import Foundation

/// One event of a run, as `fedactors run|launch --events FILE` writes it: JSON Lines, one object per
/// event, flushed as it happens, in the order the driver learns of them.
///
/// Schema version 2 (the `v` field; a later version may add fields and events, never change these;
/// version 1 had no `round_started`, `client_invited` or `client_answered`):
/// - `event`: one of ``Kind``; `seconds`: wall seconds since the run started.
/// - `run_started`: `settings` (name, strategy, model, dataset, clients, rounds, partition, and
///   `metrics`, the metrics endpoint's URL, when there is one) and `placement` (each host's clients).
/// - `round_started`: `round` and `clients`, the clients invited, then one `client_invited` per client.
/// - `client_answered`: `round`, `client` and `answer` (`result`, `dropped_out` or `failed`, with
///   `reason`), as each invited client's `fit` call comes back, in wall-clock order.
/// - `round_ended`: `round` and `record`, the round's whole ``RoundRecord`` (as in the JSON report),
///   followed by one client event per client the round concerned: `client_finished`,
///   `client_straggled`, `client_dropped`, `client_failed` (with `reason`), `client_unreachable`
///   (its node was down: not invited), each with `round` and `client`. What an answer counted for
///   (completed, straggled in virtual time, surplus) is known when the round ends, so these are
///   written then.
/// - `node_down`, `node_rejoining`, `node_up`: `node`, `endpoint`, `reason`, `round` (under way).
/// - `checkpoint_written`: `round`, `path`.
/// - `run_ended`: `settings` (the report's summary), `interrupted`, `finalAccuracy`.
package struct RunEvent: Codable, Sendable, Equatable {
    /// This schema's version.
    package static let schemaVersion = 2

    package enum Kind: String, Codable, Sendable, CaseIterable {
        case runStarted = "run_started", roundStarted = "round_started", roundEnded = "round_ended"
        case clientInvited = "client_invited", clientAnswered = "client_answered"
        case clientFinished = "client_finished", clientStraggled = "client_straggled", clientDropped = "client_dropped"
        case clientFailed = "client_failed", clientUnreachable = "client_unreachable"
        case nodeDown = "node_down", nodeRejoining = "node_rejoining", nodeUp = "node_up"
        case checkpointWritten = "checkpoint_written", runEnded = "run_ended"
    }

    package var v = RunEvent.schemaVersion
    package var event: Kind
    package var seconds: Double
    package var round: Int?
    package var record: RoundRecord?
    package var client: Int?
    package var clients: [Int]?
    package var answer: String?
    package var reason: String?
    package var node: String?
    package var endpoint: String?
    package var path: String?
    package var settings: [String: String]?
    package var placement: [String: [Int]]?
    package var interrupted: Bool?
    package var finalAccuracy: Double?

    package init(_ event: Kind, seconds: Double) {
        self.event = event
        self.seconds = seconds
    }

    /// What `progress` says, as events: a round's start (and each client invited), an answer, a round's end.
    package static func from(_ progress: RoundProgress, seconds: Double) -> [RunEvent] {
        switch progress {
        case .started(let round, let invited):
            var started = RunEvent(.roundStarted, seconds: seconds)
            started.round = round
            started.clients = invited
            return [started]
                + invited.map { id in
                    var e = RunEvent(.clientInvited, seconds: seconds)
                    e.round = round
                    e.client = id
                    return e
                }
        case .answered(let round, let client, let answer):
            var e = RunEvent(.clientAnswered, seconds: seconds)
            e.round = round
            e.client = client
            switch answer {
            case .result: e.answer = "result"
            case .droppedOut: e.answer = "dropped_out"
            case .failed(let reason):
                e.answer = "failed"
                e.reason = reason
            }
            return [e]
        case .ended(let record):
            return round(record, seconds: seconds)
        }
    }

    /// What `progress` says, as events, followed, when a round ended and the server writes a
    /// checkpoint after each round, by `checkpoint_written` with `checkpointPath` (a path on the host
    /// the server runs on).
    package static func from(_ progress: RoundProgress, checkpointPath: String?, seconds: Double) -> [RunEvent] {
        var events = from(progress, seconds: seconds)
        if case .ended(let record) = progress, let checkpointPath {
            var written = RunEvent(.checkpointWritten, seconds: seconds)
            written.round = record.round
            written.path = checkpointPath
            events.append(written)
        }
        return events
    }

    /// A round's end and what it meant for each client it concerned, in client order per kind.
    package static func round(_ record: RoundRecord, seconds: Double) -> [RunEvent] {
        var ended = RunEvent(.roundEnded, seconds: seconds)
        ended.round = record.round
        ended.record = record
        func clients(_ ids: [Int], _ kind: Kind) -> [RunEvent] {
            ids.sorted().map { id in
                var e = RunEvent(kind, seconds: seconds)
                e.round = record.round
                e.client = id
                if kind == .clientFailed { e.reason = record.failureReasons?[id] }
                return e
            }
        }
        return [ended] + clients(record.completed, .clientFinished) + clients(record.straggled, .clientStraggled)
            + clients(record.dropped, .clientDropped) + clients(record.failed, .clientFailed)
            + clients(record.unreachable ?? [], .clientUnreachable)
    }
}
