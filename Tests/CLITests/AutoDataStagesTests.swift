import Foundation
import Testing

/// `fedactors auto --data` with the shipped messy topology: the four data stages run before the team,
/// their refusals and traffic are printed, and they open the transcript.
@Suite struct AutoDataStagesTests {
    @Test func theShippedMessyTopologyRunsTheFourStagesBeforeTheTeam() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-data-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/messy-hospitals-8.yaml").path

        let result = try await DemoCommandTests().run([
            "auto", AgentCommandTests.request, "--data", topology, "--yes", "--no-run", "--out", dir.path,
        ])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("data selection: client 6 refused: its labels name classes the task excludes"))
        #expect(result.stdout.contains("data selection: client 7 refused: its samples are 32×3"))
        #expect(result.stdout.contains("data-stage traffic") && result.stdout.contains("ClientDataAgent.relabel"))
        let transcript =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("transcript.json")))
            as? [[String: Any]] ?? []
        let stages = transcript.compactMap { $0["stage"] as? String }
        #expect(Array(stages.prefix(4).map { $0 }).first == "data-description")
        for stage in ["data-description", "data-selection", "data-cleaning", "data-harmonization", "plan"] {
            #expect(stages.contains(stage), "\(stage)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("data-stages.json").path))
    }
}
