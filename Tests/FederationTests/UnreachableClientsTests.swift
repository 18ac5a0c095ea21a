import ActorMesh
import Distributed
import Federation
import Foundation
import Synchronization
import Testing

/// A directory a test drives by hand: which clients are down, and when their node "goes down".
final class ScriptedDirectory: ClientDirectory {
    let all: [Int: ClientActor]
    /// Clients unreachable in each round (absent: every client reachable).
    let downInRound: [Int: Set<Int>]
    /// Clients whose node is reported down this long after a call to them starts.
    let downAfter: [Int: Duration]
    let failures = Mutex<[Int: String]>([:])
    let ended = Mutex<[Int]>([])

    init(all: [Int: ClientActor], downInRound: [Int: Set<Int>] = [:], downAfter: [Int: Duration] = [:]) {
        self.all = all
        self.downInRound = downInRound
        self.downAfter = downAfter
    }

    func reachableClients(round: Int) async -> [Int: ClientActor] {
        all.filter { !(downInRound[round] ?? []).contains($0.key) }
    }
    func callFailed(client: Int, error: any Error) async {
        failures.withLock { $0[client] = "\(error)" }
    }
    func nodeDown(client: Int) async {
        guard let after = downAfter[client] else {
            // Never down: wait until the call is over (the server cancels this wait).
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(10)) }
            return
        }
        try? await Task.sleep(for: after)
    }
    func roundEnded(_ record: RoundRecord) async {
        ended.withLock { $0.append(record.round) }
    }
}

@Suite struct UnreachableClientsTests {
    @Test func clientsOfADownNodeAreNeitherInvitedNorSentAModel() async throws {
        // Prepare: four clients; 1 and 2 are unreachable in rounds 2 and 3.
        let federation = try LocalFederation((0..<4).map { (QuadraticTrainer(target: [Float($0)]), ClientProfile()) })
        defer { federation.shutdown() }
        let directory = ScriptedDirectory(all: federation.clients, downInRound: [2: [1, 2], 3: [1, 2]])
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: RecordingMean(), initialParameters: [0],
            evaluator: nil,
            config: ServerConfig(rounds: 4, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5)),
            directory: directory)
        // Execute
        let report = try await server.run()
        // Assert: rounds 2 and 3 invite only 0 and 3 and record 1 and 2 as unreachable; 1 and 4 invite all.
        #expect(report.rounds.map(\.invited) == [[0, 1, 2, 3], [0, 3], [0, 3], [0, 1, 2, 3]])
        #expect(report.rounds.map(\.unreachable) == [nil, [1, 2], [1, 2], nil])
        #expect(report.rounds[1].clientBytesDown?.keys.sorted() == [0, 3])
        #expect(report.rounds.allSatisfy { $0.failed.isEmpty })
        // The unreachable clients' nodes received fit twice (rounds 1 and 4), the others four times.
        for (i, system) in federation.clientSystems.enumerated() {
            let fits = system.ledger.snapshot().total {
                $0.method == "fit(_:)" && $0.direction == .received && $0.kind == .request
            }.messages
            #expect(fits == ([1, 2].contains(i) ? 2 : 4), "client \(i)")
        }
        #expect(directory.ended.withLock { $0 } == [1, 2, 3, 4])
        // An old report (without the field) still loads.
        var old = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any] ?? [:]
        old["rounds"] = (old["rounds"] as? [[String: Any]])?.map { $0.filter { $0.key != "unreachable" } }
        #expect(try RunReport.load(from: JSONSerialization.data(withJSONObject: old)).rounds.count == 4)
    }

    @Test func aCallToANodeThatGoesDownFailsAtOnceNotAtTheCallTimeout() async throws {
        // Prepare: client 2's messages are dropped (its node is gone) and the directory reports its
        // node down 200 ms into the call; the call timeout is a minute.
        let federation = try LocalFederation((0..<3).map { (QuadraticTrainer(target: [Float($0)]), ClientProfile()) })
        defer { federation.shutdown() }
        let directory = ScriptedDirectory(all: federation.clients, downAfter: [2: .milliseconds(200)])
        var config = ServerConfig(rounds: 1, plan: LocalPlan(epochs: 1, batchSize: 10, learningRate: 0.5))
        config.callTimeout = .seconds(60)
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients,
            strategy: RecordingMean(), initialParameters: [0], evaluator: nil, config: config, directory: directory)
        // describe() must reach every client first: only the fit calls are dropped.
        try await server.prepare()
        try federation.server.setFaults(
            FaultPlan(links: [federation.clientSystems[2].endpoint: LinkFaults(dropProbability: 1)]))
        // Execute
        let report = try await server.run()
        // Assert: client 2 failed because its node went down, the others completed, and the round
        // did not wait for the call timeout.
        let round = try #require(report.rounds.first)
        #expect(round.completed == [0, 1])
        #expect(round.failed == [2])
        #expect(round.failureReasons?[2]?.contains("went down") == true)
        #expect(round.wallSeconds < 30)
        #expect(directory.failures.withLock { $0[2] }?.contains("went down") == true)
    }
}
