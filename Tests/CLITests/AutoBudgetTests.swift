import FedActorsTesting
import Federation
import Foundation
import Testing

/// `fedactors auto --budget`: the full run is sized to the time left, and a stopped run leaves a report.
@Suite(.serialized) struct AutoBudgetTests {
    /// A CNN over ten phones for 30 rounds on all their data: more than two minutes on this machine.
    static let request = "Ten phones with clothing photos train a CNN for 30 rounds; evaluate by global accuracy."

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-budget-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSmallBudgetScalesTheRunDownAndTheCommandFinishesWithinIt() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = ContinuousClock.now

        let result = try await DemoCommandTests().run([
            "auto", Self.request, "--yes", "--budget", "2m", "--out", dir.path,
        ])

        let seconds = (ContinuousClock.now - started) / .seconds(1)
        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("budget: scaled to fit"), "\(result.stdout)")
        // Generous slack over the 120 s: the process's start and end are outside what it measures.
        #expect(seconds < 180, "took \(seconds) s")
        let report = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("report.json")))
        #expect(!report.rounds.isEmpty)
        // What the sizing turns first (test set, samples) depends on this machine's speed; the rounds
        // it ran are the ones it sized (30 unless it cut them; fewer only if the budget's stop came).
        let sizedRounds = result.stdout.firstMatch(of: /rounds 30 → (\d+)/).flatMap { Int($0.1) } ?? 30
        #expect(report.rounds.count <= sizedRounds)
        #expect(report.summary["headline"]?.hasPrefix("global top-1 accuracy") == true)
    }

    @Test func anAutoRunInterruptedInItsFullRunWritesTheRoundsItCompleted() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let auto = try LiveCommand(["auto", Self.request, "--yes", "--out", dir.path])
        #expect(
            await auto.line(within: .seconds(400)) { isProgressLine($0, round: 1) } != nil,
            "stdout: \(auto.stdout)\nstderr: \(auto.stderr)")
        auto.send(SIGINT)
        #expect(await auto.wait(within: .seconds(120)) == 130, "stdout: \(auto.stdout)\nstderr: \(auto.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("report.json")))
        #expect(report.interrupted == true && !report.rounds.isEmpty)
    }

    @Test func anAutoRunInterruptedBeforeItsFullRunStillLeavesAReport() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let auto = try LiveCommand(["auto", Self.request, "--yes", "--out", dir.path])
        #expect(
            await auto.line(within: .seconds(120)) { $0.contains("plan approved") } != nil,
            "stdout: \(auto.stdout)\nstderr: \(auto.stderr)")
        auto.send(SIGTERM)
        #expect(await auto.wait(within: .seconds(60)) == 143, "stdout: \(auto.stdout)\nstderr: \(auto.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("report.json")))
        #expect(report.interrupted == true && report.rounds.isEmpty)
        #expect(report.summary["interrupted"]?.contains("before the full run") == true)
    }
}
