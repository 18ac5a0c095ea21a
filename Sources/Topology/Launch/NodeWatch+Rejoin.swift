import ActorMesh
import Federation
import Foundation

/// Rejoining a node, and the watch as the server's ``ClientDirectory``.
extension NodeWatch {
    /// Rebuilds node `name`'s clients on the node now at `endpoint` with the setup they had (same ids,
    /// data and seed), points their references there and marks the node up again. A node that has just
    /// started may not be connected yet (the connection to a restarted peer is re-established in the
    /// background): a failed attempt is retried a few times, a quarter second apart and more.
    func rejoin(_ name: String, at endpoint: String) async {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let (setup, note) = try await rejoinSetup(name, at: endpoint)
                let clients = try await Self.createClients(
                    setup, at: endpoint, using: coordinator, timeout: setupTimeout)
                let service = try NodeService.at(endpoint, using: coordinator)
                let info = try await MeshSystem.withDeadline(setupTimeout) { try await service.info() }
                roster.rejoined(name, endpoint: endpoint, incarnation: info.incarnation, clients: clients, note: note)
                if let note { announce("node \(name) rejoined: \(note)") }
                logger.notice(
                    """
                    node \(name) rejoined at \(endpoint): its \(clients.count) clients are invited again from the \
                    next round
                    """,
                    metadata: ["node": "\(name)"])
                return
            } catch {
                guard attempt < Self.rejoinAttempts, !Task.isCancelled else {
                    logger.warning("node \(name) could not rejoin: \(error)", metadata: ["node": "\(name)"])
                    roster.rejoinFailed(name, reason: "\(error)")
                    return
                }
                try? await Task.sleep(for: .milliseconds(250 * attempt))
            }
        }
    }

    /// What node `name`'s clients are rebuilt with: their setup, and, when they train on prepared data,
    /// only those whose data is prepared again on the new node (``DataRejoin``), with what was done.
    func rejoinSetup(_ name: String, at endpoint: String) async throws -> (ClientSetup, note: String?) {
        var setup = plan.setup(for: name)
        guard let prepared = plan.prepared, let messy = plan.spec.messy, !setup.clients.isEmpty else {
            return (setup, nil)
        }
        let rejoin = DataRejoin(
            prepared: prepared,
            setup: MessySetup(
                spec: messy, seed: plan.spec.seed, totalClients: plan.spec.clientCount,
                clients: setup.clients.keys.sorted()))
        let outcome = try await rejoin.run(at: endpoint, using: coordinator, timeout: setupTimeout)
        setup.clients = setup.clients.filter { outcome.ready.contains($0.key) }
        return (setup, outcome.note)
    }

    /// How many times a rejoin is tried before the node is left down (a later heartbeat tries again).
    static let rejoinAttempts = 4

    /// Has the node at `endpoint` build the clients of `setup`; returns references to them at that
    /// endpoint (the one this run dials, which may differ from the address the node names itself by).
    static func createClients(_ setup: ClientSetup, at endpoint: String, using system: MeshSystem, timeout: Duration)
        async throws -> [Int: ClientActor]
    {
        let host = try ClientHost.at(endpoint, using: system)
        let ids = try await MeshSystem.withDeadline(timeout) { try await host.createClients(setup) }
        var clients: [Int: ClientActor] = [:]
        for (id, actorID) in ids {
            clients[id] = try ClientActor.resolve(id: MeshActorID(node: endpoint, path: actorID.path), using: system)
        }
        return clients
    }

    /// Reads every up node's ledger concurrently, each within ``ledgerDeadline``; a node that does
    /// not answer keeps its last snapshot.
    func collectLedgers() async {
        await withTaskGroup(of: Void.self) { group in
            for (name, endpoint) in roster.upNodes {
                group.addTask { [self] in
                    do {
                        let service = try NodeService.at(endpoint, using: coordinator)
                        let ledger = try await MeshSystem.withDeadline(Self.ledgerDeadline) {
                            try await service.ledger()
                        }
                        roster.received(ledger: ledger, from: name, endpoint: endpoint)
                    } catch {
                        roster.ledgerMissing(from: name)
                        if let mesh = error as? MeshError, Self.meansGone(mesh) {
                            roster.callLost(name, reason: mesh.message)
                        }
                    }
                }
            }
        }
    }

    // MARK: ClientDirectory

    func reachableClients(round: Int) async -> [Int: ClientActor] {
        roster.round = round
        return roster.reachableClients
    }

    func callFailed(client: Int, error: any Error) async {
        guard let mesh = error as? MeshError, Self.meansGone(mesh), let node = roster.node(ofClient: client) else {
            return
        }
        roster.callLost(node, reason: mesh.message)
    }

    func nodeDown(client: Int) async {
        await roster.waitUntilDown(client: client)
    }

    func roundEnded(_ record: RoundRecord) async {
        await collectLedgers()
    }
}
