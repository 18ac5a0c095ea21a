import FedActorsTesting
import Federation
import Foundation
import Testing

/// `--events FILE`: the run's JSON Lines event stream.
@Suite(.serialized) struct RunEventsTests {
    /// Every line of an events file, decoded (a line that is not an event fails the test).
    static func read(_ url: URL) throws -> [RunEvent] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(RunEvent.self, from: Data($0.utf8))
        }
    }

    @Test func aRunsEventsHoldItsRoundsClientsAndCheckpointsInOrder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("report.json"), events = dir.appendingPathComponent("run.jsonl")
        let checkpoint = dir.appendingPathComponent("run.checkpoint")
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let result = try await DemoCommandTests().run(
            [
                "run", topology, "--rounds", "3", "--output", json.path, "--events", events.path, "--checkpoint",
                checkpoint.path,
            ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        let stream = try Self.read(events)

        #expect(stream.allSatisfy { $0.v == RunEvent.schemaVersion })
        #expect(stream.first?.event == .runStarted)
        #expect(stream.first?.settings?["name"] == "cross-device-15")
        #expect(stream.first?.settings?["rounds"] == "3")
        #expect(stream.last?.event == .runEnded)
        #expect(stream.last?.interrupted == false)
        #expect(stream.last?.finalAccuracy == report.finalAccuracy)
        #expect(zip(stream, stream.dropFirst()).allSatisfy { $0.seconds <= $1.seconds }, "events out of order")
        // The rounds, as the report has them, each followed by its clients' outcomes and checkpoint.
        #expect(stream.compactMap(\.record) == report.rounds)
        for round in report.rounds {
            let of = stream.filter { $0.round == round.round }
            #expect(of.filter { $0.event == .clientFinished }.compactMap(\.client) == round.completed.sorted())
            #expect(of.filter { $0.event == .clientStraggled }.compactMap(\.client) == round.straggled.sorted())
            #expect(of.filter { $0.event == .clientDropped }.compactMap(\.client) == round.dropped.sorted())
            #expect(of.filter { $0.event == .clientFailed }.compactMap(\.client) == round.failed.sorted())
            #expect(of.filter { $0.event == .checkpointWritten }.compactMap(\.path) == [checkpoint.path])
            // Within the round, in order: its start with the clients invited, each answer as it came,
            // then its end.
            let kinds = of.map(\.event)
            let start = try #require(kinds.firstIndex(of: .roundStarted)),
                end = try #require(kinds.firstIndex(of: .roundEnded))
            #expect(of[start].clients == round.invited)
            #expect(of.filter { $0.event == .clientInvited }.compactMap(\.client) == round.invited)
            let answers = of.enumerated().filter { $0.element.event == .clientAnswered }
            #expect(answers.allSatisfy { $0.offset > start && $0.offset < end })
            #expect(Set(answers.compactMap(\.element.client)).isSubset(of: Set(round.invited)))
            // Every usable result was answered in time to count (completed, straggled or surplus).
            let results = Set(answers.filter { $0.element.answer == "result" }.compactMap(\.element.client))
            #expect(Set(round.completed + round.straggled + round.surplus).isSubset(of: results))
        }
        // No node was lost: no node events.
        #expect(!stream.contains { [.nodeDown, .nodeRejoining, .nodeUp].contains($0.event) })
    }

    @Test func anEventsFileThatCannotBeWrittenIsRefusedBeforeTheRun() async throws {
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("events-blocker-\(UUID())")
        try Data().write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let result = try await DemoCommandTests().run([
            "run", topology, "--events", blocker.appendingPathComponent("run.jsonl").path,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot write the events to"), "\(result.stderr)")
        #expect(!result.stdout.contains("round  done/inv"))
    }
}
