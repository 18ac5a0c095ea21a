import ActorMesh
import Federation
import Foundation

/// The server's side of a run, the same wherever the server runs: in the launching process, or on
/// the node of the host `server.host` names (``ServerHost``). It has the nodes build their clients,
/// watches the nodes, runs the FL server's rounds and gathers the report.
extension RunLauncher {
    /// The files of the server's run, as paths on the host the server runs on.
    package struct ServerFiles: Codable, Sendable, Equatable {
        /// Written after every round (nil: none).
        package var checkpoint: String?
        /// Read before the first round: the run continues after its rounds (nil: a fresh run).
        package var resume: String?
        /// Written when the run is interrupted (nil: none).
        package var interruptedCheckpoint: String?
        /// Where a placed server writes the report (JSON) if its driver is gone when the run ends.
        package var report: String?

        package init(checkpoint: String?, resume: String?, interruptedCheckpoint: String?, report: String?) {
            self.checkpoint = checkpoint
            self.resume = resume
            self.interruptedCheckpoint = interruptedCheckpoint
            self.report = report
        }
    }

    /// What the server side works with: its own node, the roster of the client nodes and where each
    /// is dialled, how to restart a node (nil: nodes are not restarted), and what to do once the
    /// roster holds every node's clients.
    struct ServerSide: Sendable {
        let coordinator: MeshSystem
        let roster: NodeRoster
        /// Each host with clients, by name, and the endpoint its node is dialled at.
        let endpoints: [String: String]
        let setupTimeout: Duration
        let restart: (@Sendable (String) async throws -> String)?
        let populated: @Sendable () -> Void
    }

    /// Has every client node build its clients, then runs the rounds (``conduct(_:saved:files:events:announce:)``);
    /// `running` nodes are given back however the run ends, so the next run may claim them at once.
    func serve(
        _ side: ServerSide, saved: ServerCheckpoint?, files: ServerFiles, startingModel: [Float]? = nil,
        saveModel: URL? = nil,
        events: @escaping @Sendable ([RunEvent]) -> Void, announce: @escaping @Sendable (String) -> Void
    ) async throws -> RunReport {
        defer { side.roster.finish() }
        do {
            let plan = try await prepareData(side, announce: announce)
            try await populate(side, plan: plan)
            var report = try await conduct(
                side, plan: plan, saved: saved, files: files, startingModel: startingModel, saveModel: saveModel,
                events: events, announce: announce)
            if let prepared = plan.prepared {
                report.summary["data stages"] = prepared.summary
                report.dataStages = prepared
            }
            await Self.release(runningEndpoints, using: side.coordinator)
            return report
        } catch {
            await Self.release(runningEndpoints, using: side.coordinator)
            throw error
        }
    }

    /// The endpoints of the `running` hosts with clients or an aggregator (nodes this run claims but
    /// does not start).
    var runningEndpoints: [String] {
        plan.spec.hosts.filter { $0.start == .running && plan.startsNode(of: $0.name) }.map {
            $0.endpoint ?? $0.bind
        }
    }

    /// Each node builds its own clients from the shared setup; only ids come back.
    private func populate(_ side: ServerSide, plan: RunPlan) async throws {
        for host in plan.spec.hosts where plan.startsNode(of: host.name) {
            guard let endpoint = side.endpoints[host.name] else { continue }
            let clients = try await NodeWatch.createClients(
                plan.setup(for: host.name), at: endpoint, using: side.coordinator, timeout: side.setupTimeout)
            side.roster.register(host.name, endpoint: endpoint, incarnation: nil, clients: clients)
        }
        side.populated()
    }

    /// Starts the nodes' watch, runs the server's rounds, and gathers the report (the checkpoint too
    /// when interrupted).
    private func conduct(
        _ side: ServerSide, plan: RunPlan, saved: ServerCheckpoint?, files: ServerFiles, startingModel: [Float]?,
        saveModel: URL?,
        events: @escaping @Sendable ([RunEvent]) -> Void, announce: @escaping @Sendable (String) -> Void
    ) async throws -> RunReport {
        let (roster, coordinator, spec) = (side.roster, side.coordinator, plan.spec)
        let watch = NodeWatch(
            roster: roster, coordinator: coordinator, plan: plan, setupTimeout: side.setupTimeout,
            restart: side.restart,
            restartable: Set(spec.hosts.filter { $0.restart == .onFailure }.map(\.name)), logger: logger,
            announce: announce)
        let watching = Task { await watch.watch() }
        defer { watching.cancel() }
        let listening = Self.follow(coordinator.peerEvents(), into: roster)
        defer { listening.cancel() }

        let (evaluator, seeded) = try factory.makeEvaluator(plan.evaluatorSetup)
        let initial = try startingModel.map { try Self.checked($0, against: seeded) } ?? seeded
        let strategy = try makeStrategy(spec.strategy)
        var config = try plan.serverConfig
        config.checkpointURL = files.checkpoint.map { URL(fileURLWithPath: $0) }
        // A placed server's news to its driver is not the round's traffic.
        config.sideTrafficActorTypes = [String(reflecting: RunFollower.self)]
        let server = try FederatedServer(
            system: coordinator, clients: roster.reachableClients, strategy: strategy, initialParameters: initial,
            evaluator: evaluator, config: config, directory: watch)
        let taskSetups = try plan.taskEvaluatorSetups
        if !taskSetups.isEmpty {
            try await server.useTaskEvaluators(try taskSetups.map { try factory.makeEvaluator($0).evaluator })
        }
        if !spec.aggregators.isEmpty {
            await server.useAggregators(
                RosterAggregators(
                    roster: roster, coordinator: coordinator,
                    hosts: Dictionary(spec.aggregators.map { ($0.name, $0.host) }, uniquingKeysWith: { a, _ in a })))
        }
        if let saved {
            try await server.resume(from: saved)
            announce("resuming after round \(saved.completedRounds) of \(config.rounds)")
        }
        let started = ContinuousClock.now
        let checkpointPath = files.checkpoint
        // Once the run is interrupted, nodes ending (Ctrl-C reaches a terminal's whole process group,
        // the nodes included) are not news: the roster closes at once.
        var report = try await withTaskCancellationHandler {
            try await server.run { progress in
                events(
                    RunEvent.from(
                        progress, checkpointPath: checkpointPath, seconds: (ContinuousClock.now - started).seconds))
            }
        } onCancel: {
            roster.finish()
        }
        report.summary.merge([
            "name": spec.name, "model": spec.model.name, "dataset": spec.data.dataset,
            "partition": spec.data.partition.kind
                + spec.data.partition.settings.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined(),
            "hosts": String(side.endpoints.count), "parameters": String(initial.count),
            "metric": spec.evaluation.metric ?? HeadlineMetric.globalTop1.rawValue,
        ]) { $1 }
        report.summary["headline"] = report.headlineLine()
        roster.finish()
        watching.cancel()
        await watching.value
        if report.interrupted == true {
            try await saveInterrupted(&report, server: server, to: files.interruptedCheckpoint)
        } else {
            // The last word of every node still up, with the same short deadline as after each round.
            await watch.collectLedgers()
            if let saveModel {
                try modelWeightsFile().write(await server.parameters, to: saveModel)
                report.summary["model saved"] = saveModel.path
            }
        }
        fill(&report, from: roster, coordinator: coordinator)
        return report
    }

    /// Writes the server's state after its last completed round to `path` and says so in the report.
    private func saveInterrupted(_ report: inout RunReport, server: FederatedServer, to path: String?) async throws {
        guard let path else { return }
        try await server.checkpoint().write(to: URL(fileURLWithPath: path))
        report.summary["checkpoint"] = path
    }

    /// Puts what the roster knows into the report: every ledger in hand (the server's node's last, so
    /// it includes the ledger requests the nodes' snapshots include), the node names and records.
    private func fill(_ report: inout RunReport, from roster: NodeRoster, coordinator: MeshSystem) {
        let (ledgers, names) = roster.ledgers
        report.ledgers.merge(ledgers) { $1 }
        report.ledgers[coordinator.endpoint] = coordinator.ledger.snapshot()
        report.nodeNames = names.merging([coordinator.endpoint: "server"]) { $1 }
        report.nodes = roster.records
    }
}
