import FedActorsTesting
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

        let result = try await DemoCommandTests().run([
            "auto", Self.request, "--yes", "--rounds", "1", "--out", dir.path,
        ])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.contains("transcript.json") && files.contains("agents.json") && files.contains("report.json"))
        #expect(files.contains { $0.hasSuffix(".yaml") })
        #expect(result.stdout.contains("agent traffic"))
        #expect(result.stdout.contains("planner") && result.stdout.contains("evaluator"))
        #expect(result.stdout.contains("final accuracy"))
    }

    @Test func backendRejectsAnUnknownOrDeterministicRole() async throws {
        let unknown = try await DemoCommandTests().run(["plan", Self.request, "--yes", "--backend", "planer=llm"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown role \"planer\""), "stderr: \(unknown.stderr)")
        let tester = try await DemoCommandTests().run(["plan", Self.request, "--yes", "--backend", "evaluator=llm"])
        #expect(tester.status != 0 && tester.stderr.contains("runs a real trial"), "stderr: \(tester.stderr)")
        let noServer = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--backend", "debugger=llm"], environment: ["FEDACTORS_LLM_BASE_URL": ""])
        #expect(
            noServer.status != 0 && noServer.stderr.contains("FEDACTORS_LLM_BASE_URL"), "stderr: \(noServer.stderr)")
    }

    @Test func aTimeoutThatIsNotANumberIsRefusedSayingWhichVariable() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, #"{"error": "down"}"#)])
        defer { server.stop() }
        let environment = [
            "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_TIMEOUT": "nan",
        ]
        let result = try await DemoCommandTests().run(
            ["plan", Self.request, "--yes", "--backend", "llm"], environment: environment)
        #expect(
            result.status != 0 && result.stderr.contains("FEDACTORS_LLM_TIMEOUT is 'nan'"),
            "status \(result.status), stderr: \(result.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test func autoWithAFailingLLMFallsBackAndWritesTheConversation() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, #"{"error": "down"}"#)])
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-llm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = [
            "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_ATTEMPTS": "1",
            "FEDACTORS_LLM_TIMEOUT": "5",
        ]

        let result = try await DemoCommandTests().run(
            ["auto", Self.request, "--yes", "--no-run", "--backend", "llm,debugger=expert", "--out", dir.path],
            environment: environment)

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("expert's answer stands"), "the fallback is said on the terminal")
        let transcript =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("transcript.json")))
            as? [[String: Any]] ?? []
        let supervisor = try #require(transcript.first { $0["role"] as? String == "supervisor" })
        #expect(supervisor["decidedBy"] as? String == "expert (fallback)")
        let messages = (supervisor["llm"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { $0["role"] as? String ?? "" } == ["system", "user", "error"])
        #expect((messages.first?["content"] as? String)?.contains("supervisor") == true)
        let agents =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("agents.json")))
            as? [String: Any]
        let rows = agents?["rows"] as? [[String: Any]] ?? []
        // Planner, reflector and supervisor each asked once; their three failures in a row give the
        // endpoint up (the circuit breaker): the coders are not sent anything, and the terminal says so once.
        #expect(rows.first { $0["role"] as? String == "coders" }?["llmCalls"] as? Int == 0)
        #expect(server.requests.count == 3)
        #expect(
            result.stdout.components(separatedBy: "every role uses the embedded expert for the rest of the run").count
                == 2, "\(result.stdout)")
    }
}
