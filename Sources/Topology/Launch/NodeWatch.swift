import ActorMesh
import Federation
import Foundation
import Logging

/// The launcher's watch over its client nodes, and the server's ``ClientDirectory``.
///
/// It feeds the ``NodeRoster`` with evidence — a heartbeat (``NodeService/info()`` every
/// ``heartbeatInterval`` with a ``heartbeatDeadline``), calls that failed because a connection
/// dropped, and (from the launcher) node processes that exited — and carries out what the roster
/// asks: rebuild the clients of a node that answers as a new incarnation, restart the process of a
/// `restart: on-failure` host. After every round it reads each up node's ledger with a short
/// deadline, so a node that dies later keeps the traffic it reported.
final class NodeWatch: ClientDirectory {
    let roster: NodeRoster
    let coordinator: MeshSystem
    let plan: RunPlan
    /// Limits calls that build clients (they load data).
    let setupTimeout: Duration
    /// Starts node `name` again; returns the endpoint to dial it at.
    let restart: (@Sendable (String) async throws -> String)?
    /// The nodes `restart` may start again (`restart: on-failure`).
    let restartable: Set<String>
    let logger: Logger
    /// Writes a line on the run's console (a rejoined node's re-prepared data).
    let announce: @Sendable (String) -> Void

    static let heartbeatInterval = Duration.milliseconds(500)
    static let heartbeatDeadline = Duration.seconds(1)
    /// How long a ledger read may take, after each round and at the end.
    static let ledgerDeadline = Duration.seconds(2)
    /// How many times one node is restarted at most (a node that fails at every start is left down).
    static let maxRestarts = 5

    init(
        roster: NodeRoster, coordinator: MeshSystem, plan: RunPlan, setupTimeout: Duration,
        restart: (@Sendable (String) async throws -> String)?, restartable: Set<String>, logger: Logger,
        announce: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.announce = announce
        self.roster = roster
        self.coordinator = coordinator
        self.plan = plan
        self.setupTimeout = setupTimeout
        self.restart = restart
        self.restartable = restartable
        self.logger = logger
    }

    /// Heartbeats and carries out the roster's directives until the task is cancelled.
    func watch() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    await heartbeat()
                    try? await Task.sleep(for: Self.heartbeatInterval)
                }
            }
            group.addTask { [self] in
                var restarts: [String: Int] = [:]
                for await notice in roster.directives {
                    guard !Task.isCancelled else { break }
                    await carryOut(notice, restarts: &restarts)
                }
            }
            // Either loop ending (cancellation, or the roster finished) ends the watch.
            await group.next()
            group.cancelAll()
        }
    }

    /// One heartbeat to every node that is not rejoining, concurrently. The probes run to their end
    /// even when the watch is cancelled (in tasks of their own, which cancellation does not reach):
    /// once ``watch()`` has returned no heartbeat is in flight, so the ledgers read after it agree
    /// with the coordinator's.
    func heartbeat() async {
        let targets = roster.names.compactMap { name -> (String, String)? in
            guard roster.liveness(of: name)?.state != .rejoining, let endpoint = roster.endpoint(of: name) else {
                return nil
            }
            return (name, endpoint)
        }
        await withTaskGroup(of: Void.self) { group in
            for (name, endpoint) in targets {
                group.addTask { [self] in await Task { await probe(name, at: endpoint) }.value }
            }
        }
    }

    /// Asks node `name` who it is and hands the answer (or the failure) to the roster.
    func probe(_ name: String, at endpoint: String) async {
        let asked = roster.now
        do {
            let service = try NodeService.at(endpoint, using: coordinator)
            let info = try await MeshSystem.withDeadline(Self.heartbeatDeadline) { try await service.info() }
            roster.answered(name, incarnation: info.incarnation, askedAt: asked)
        } catch {
            if let mesh = error as? MeshError, Self.meansGone(mesh) {
                roster.callLost(name, reason: mesh.message)
            } else {
                roster.missed(name, reason: "\(error)")
            }
        }
    }

    /// Whether a failed call proves the node gone (its connection dropped or could not be used),
    /// rather than slow.
    static func meansGone(_ error: MeshError) -> Bool {
        error.code == .connectionLost || error.code == .transport
    }

    private func carryOut(_ notice: NodeRoster.Notice, restarts: inout [String: Int]) async {
        switch notice.directive {
        case .rejoin:
            guard let endpoint = roster.endpoint(of: notice.node) else { return }
            await rejoin(notice.node, at: endpoint)
        case .wentDown:
            logger.warning(
                "node \(notice.node) is down: its clients are not invited until it is back",
                metadata: ["node": "\(notice.node)"])
            guard let restart, restartable.contains(notice.node), restarts[notice.node, default: 0] < Self.maxRestarts,
                roster.restarting(notice.node)
            else { return }
            restarts[notice.node, default: 0] += 1
            do {
                let endpoint = try await restart(notice.node)
                await rejoin(notice.node, at: endpoint)
            } catch {
                roster.rejoinFailed(notice.node, reason: "\(error)")
            }
        case .none:
            if let endpoint = roster.endpoint(of: notice.node) { await probe(notice.node, at: endpoint) }
        case .cameBack:
            logger.notice("node \(notice.node) answers again", metadata: ["node": "\(notice.node)"])
        }
    }
}
