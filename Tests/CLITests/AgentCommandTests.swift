import Foundation
import Testing

/// `fedactors plan` and `fedactors auto` end to end, with the embedded expert.
@Suite(.serialized) struct AgentCommandTests {
    static let request = "FedAvg with a 2NN on Fashion-MNIST across 6 phones, measured by global accuracy."

    @Test func planWithYesPrintsTheApprovedPlan() async throws {
        let result = try await DemoCommandTests().run(["plan", Self.request, "--yes"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("approved plan"))
        #expect(result.stdout.contains("clients=6"))
    }

    @Test func planWithoutEssentialsAsksAndExitsWith3() async throws {
        let result = try await DemoCommandTests().run(["plan", "Please set up federated learning for us.", "--yes"])
        #expect(result.status == 3, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("answer these"))
    }

    @Test func autoWritesTopologyTranscriptAndReports() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await DemoCommandTests().run(["auto", Self.request, "--yes", "--rounds", "1", "--out", dir.path])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains("transcript.json") && files.contains("agents.json") && files.contains("report.json"))
        #expect(files.contains { $0.hasSuffix(".yaml") })
        #expect(result.stdout.contains("agent traffic"))
        #expect(result.stdout.contains("planner") && result.stdout.contains("evaluator"))
        #expect(result.stdout.contains("final accuracy"))
    }
}
