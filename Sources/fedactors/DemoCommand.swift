import ActorMesh
import ArgumentParser
import Foundation

/// `fedactors demo`: a cross-process actor demo with its metered traffic (the main job until the FL run exists).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            """
            Start worker nodes as child processes, exchange model-sized payloads with them, print the metered traffic.
            """,
        discussion: """
            A coordinator node starts --nodes `fedactors node` processes on 127.0.0.1, then for each \
            round sends every node a [Float] payload of --floats values and gets it back (as a server \
            sends a model down and receives an update). At the end it reads every node's ledger and \
            checks that what the coordinator metered as sent to each node is what that node metered as \
            received, and the other way round.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of worker node processes.")
    var nodes = 3

    @Option(help: "Rounds of exchanges.")
    var rounds = 5

    @Option(help: "Floats per payload (199,210 is the size of the 2NN model).")
    var floats = 199_210

    @Option(help: "Write the coordinator's traffic ledger as JSON to this file.")
    var ledgerJSON: String?

    func validate() throws {
        guard (1...64).contains(nodes) else { throw ValidationError("--nodes must be 1...64, not \(nodes)") }
        guard (1...10_000).contains(rounds) else { throw ValidationError("--rounds must be 1...10000, not \(rounds)") }
        guard (0...50_000_000).contains(floats) else {
            throw ValidationError("--floats must be 0...50000000, not \(floats)")
        }
    }

    func run() async throws {
        try common.bootstrapLogging()
        let started = ContinuousClock.now
        let coordinator = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { coordinator.shutdown() }

        printLive("coordinator \(coordinator.endpoint); starting \(nodes) node processes")
        var workers: [NodeProcess] = []
        defer { for worker in workers { worker.terminate() } }
        try await startNodes(into: &workers)
        let services = try workers.map { try NodeService.at($0.endpoint, using: coordinator) }
        try await announce(services)
        try await exchangeRounds(with: services, coordinator: coordinator)
        let mismatches = try await reconcileLedgers(of: services, with: coordinator)
        for service in services { try await service.stop() }
        for worker in workers { _ = await worker.waitForExit(timeout: .seconds(5)) }

        try printTraffic(coordinator.ledger.snapshot(), since: started)
        if mismatches > 0 {
            throw CommandFailure("\(mismatches) node ledger(s) disagree with the coordinator's")
        }
    }

    /// Starts the `fedactors node` children one by one, each added to `workers` as it starts (so the
    /// caller stops those already started if a later one fails).
    private func startNodes(into workers: inout [NodeProcess]) async throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        for _ in 0..<nodes {
            workers.append(
                try await NodeProcess.launch(
                    executable: executable,
                    arguments: ["node", "--bind", "tcp://127.0.0.1:0", "--log-level", common.logLevel.rawValue]))
        }
    }

    /// Prints each node as it describes itself: endpoint, process and hosted actors.
    private func announce(_ services: [NodeService]) async throws {
        for service in services {
            let info = try await service.info()
            printLive(
                "  node \(info.endpoint)  pid \(info.processID)  hosts \(info.hostedPaths.joined(separator: ","))")
        }
    }

    /// Each round sends every node the payload and checks it comes back whole; prints the round's
    /// metered bytes each way and its wall time.
    private func exchangeRounds(with services: [NodeService], coordinator: MeshSystem) async throws {
        let payload = (0..<floats).map { Float($0 % 1000) / 1000 }
        for round in 1...rounds {
            let before = coordinator.ledger.snapshot()
            let roundStart = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in services {
                    group.addTask {
                        let back = try await service.echo(payload)
                        guard back == payload else {
                            throw MeshError(.decodeFailure, "a node returned a different payload")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let after = coordinator.ledger.snapshot()
            let down = after.total(.sent).totalBytes - before.total(.sent).totalBytes
            let up = after.total(.received).totalBytes - before.total(.received).totalBytes
            printLive(
                """
                round \(round)/\(rounds)  \(nodes) nodes  down \(ByteCount.format(down))  up \(ByteCount.format(up))  \
                \(Self.format(ContinuousClock.now - roundStart))
                """
            )
        }
    }

    /// Reads every node's ledger and compares it with the coordinator's, both ways; prints one line
    /// per node and returns how many disagree.
    private func reconcileLedgers(of services: [NodeService], with coordinator: MeshSystem) async throws -> Int {
        var mismatches = 0
        print("\ncommunication by node (coordinator's ledger vs the node's own):")
        for service in services {
            let theirs = try await service.ledger()
            let ours = coordinator.ledger.snapshot()
            let node = try await service.info().endpoint
            let weSent = ours.total { $0.peer == node && $0.direction == .sent }
            let theyReceived = theirs.total { $0.peer == coordinator.endpoint && $0.direction == .received }
            // Their ledger snapshot cannot include its own reply to ledger() and info(); leave those out of ours.
            let weReceived = ours.total {
                $0.peer == node && $0.direction == .received && $0.method != "ledger()" && $0.method != "info()"
            }
            let theySent = theirs.total {
                $0.peer == coordinator.endpoint && $0.direction == .sent && $0.method != "ledger()"
                    && $0.method != "info()"
            }
            let ok = weSent.totalBytes == theyReceived.totalBytes && weReceived.totalBytes == theySent.totalBytes
            if !ok { mismatches += 1 }
            print(
                "  \(node)  down \(weSent.totalBytes) B (node saw \(theyReceived.totalBytes))  up \(weReceived.totalBytes) B (node sent \(theySent.totalBytes))  \(ok ? "match" : "MISMATCH")"
            )
        }
        return mismatches
    }

    /// The coordinator's ledger as a table and a summary line, and as JSON to `--ledger-json`.
    private func printTraffic(_ report: TrafficReport, since started: ContinuousClock.Instant) throws {
        print("\ncoordinator traffic ledger:")
        print(report.table(), terminator: "")
        let sent = report.total(.sent), received = report.total(.received)
        let wire = sent.totalBytes + received.totalBytes
        let payloadShare = wire == 0 ? 0 : Double(sent.payloadBytes + received.payloadBytes) / Double(wire)
        print(
            String(
                format: "summary: %d nodes, %d rounds, %@ down, %@ up, payload %.2f%% of metered bytes, %@ total",
                nodes, rounds, ByteCount.format(sent.totalBytes), ByteCount.format(received.totalBytes),
                payloadShare * 100, Self.format(ContinuousClock.now - started)))
        if let ledgerJSON {
            try report.jsonData().write(to: URL(fileURLWithPath: ledgerJSON))
            print("ledger written to \(ledgerJSON)")
        }
    }

    static func format(_ d: Duration) -> String {
        let seconds = d.seconds
        return seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
