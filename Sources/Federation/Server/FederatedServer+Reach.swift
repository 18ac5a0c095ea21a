import ActorMesh
import Foundation
import Logging

/// The round loop's steps that deal with clients that cannot be reached (their node is down) and with
/// a run that is interrupted between or during rounds.
extension FederatedServer {
    /// Who can take part in a round: `online` (reachable, available by its device profile, and not
    /// busy with an earlier round's model), `unreachable` (its node is down), and the references to
    /// call them by.
    struct Reach {
        var online: [Int]
        var unreachable: [Int]
        var references: [Int: ClientActor]
    }

    /// Draws each client's availability — for every client, reachable or not, so a node going down
    /// does not change the draws of the others — and keeps those the directory can reach.
    func reachableOnline(round: Int, busy: Set<Int>, at roundStart: Double) async -> Reach {
        let references = await directory?.reachableClients(round: round) ?? clients
        var reach = Reach(online: [], unreachable: [], references: references)
        for id in clients.keys.sorted() {
            let p = descriptions[id]?.profile.device.availability ?? 1
            // The trace's window first, then the probability (drawn either way, keeping the draws in step).
            let available =
                (p >= 1 || rng.nextUnitDouble() < p) && (config.availability[id]?.isOnline(at: roundStart) ?? true)
            if references[id] == nil {
                reach.unreachable.append(id)
            } else if available, !busy.contains(id) {
                reach.online.append(id)
            }
        }
        return reach
    }

    /// Calls `body` (a call to `client`) limited by `timeout`; with a directory, it also fails as
    /// soon as the client's node is known down, and a failure is reported to the directory.
    static func call<T: Sendable>(
        client: Int, timeout: Duration, directory: (any ClientDirectory)?,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let directory else { return try await MeshSystem.withDeadline(timeout) { try await body() } }
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await MeshSystem.withDeadline(timeout) { try await body() } }
                group.addTask {
                    await directory.nodeDown(client: client)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    throw MeshError(
                        .connectionLost, "client \(client)'s node went down while the call waited for its reply")
                }
                return value
            }
        } catch {
            if !Task.isCancelled { await directory.callFailed(client: client, error: error) }
            throw error
        }
    }

    /// The actor type of the node service: its calls (heartbeats, ledger reads) are control traffic,
    /// not the round's model traffic.
    static let controlActorType = String(reflecting: NodeService.self)

    /// Sets the round's wire bytes (the model traffic the server's node metered since `before`) and wall time.
    func recordTraffic(
        _ record: inout RoundRecord, since before: TrafficReport, startedAt wallStart: ContinuousClock.Instant
    ) {
        let after = system.ledger.snapshot()
        func model(_ direction: TrafficKey.Direction) -> (TrafficKey) -> Bool {
            { [side = config.sideTrafficActorTypes] in
                $0.direction == direction && $0.actorType != Self.controlActorType && !side.contains($0.actorType)
            }
        }
        func delta(_ direction: TrafficKey.Direction) -> (bytes: Int, ethernet: Int) {
            let now = after.total(where: model(direction)), then = before.total(where: model(direction))
            let bytes = now.totalBytes - then.totalBytes
            return (
                bytes,
                WireEstimate.ethernetBytes(
                    applicationBytes: bytes, frames: now.frames - then.frames, messages: now.messages - then.messages)
            )
        }
        let down = delta(.sent), up = delta(.received)
        record.wireBytesDown = down.bytes
        record.wireBytesUp = up.bytes
        record.estimatedEthernetBytesDown = down.ethernet
        record.estimatedEthernetBytesUp = up.ethernet
        record.wallSeconds = (ContinuousClock.now - wallStart).seconds
    }

    /// Runs `round`, or returns nil when the run's task is cancelled (SIGINT/SIGTERM) before or during
    /// it: a round cut short is discarded and the state goes back to the last completed round, so the
    /// checkpoint and the report agree on what was done.
    func runRoundUnlessInterrupted(_ round: Int) async throws -> RoundRecord? {
        guard !Task.isCancelled else { return nil }
        let before = try checkpoint()
        do {
            let record = try await runRound(round)
            guard !Task.isCancelled else {
                try resume(from: before)
                return nil
            }
            return record
        } catch {
            guard Task.isCancelled else { throw error }
            try resume(from: before)
            return nil
        }
    }

    /// Marks `report` as the report of an interrupted run.
    func markInterrupted(_ report: inout RunReport) {
        report.interrupted = true
        report.summary["interrupted"] = "after round \(report.rounds.count) of \(config.rounds)"
        logger.warning("interrupted after round \(report.rounds.count) of \(config.rounds)")
    }
}
