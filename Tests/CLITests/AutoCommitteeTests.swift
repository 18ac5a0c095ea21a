import ActorMesh
import FedActorsTesting
import Foundation
import Testing

/// `fedactors auto --committee N --top-k K` end to end: the reviewers' proposals, the trials of the
/// top-k, the choice, on the terminal and in transcript.json and report.json.
@Suite(.serialized) struct AutoCommitteeTests {
    /// Request Q6 of the AgentFL bench (shared/bench/agentfl-fmnist.yaml): logistic regression, so the
    /// trials are short.
    static let request =
        "I need to deploy a classification app across 15 mobile devices whose users generate data with their own style. Each client holds LEAF-style synthetic data with user-specific models and feature distributions. Help me build a federated learning framework to train a logistic regression model that handles this user heterogeneity, evaluating performance by accuracy."

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// A method as report.json writes it, as its id (`fedavg + small-loss-filter`).
    static func method(_ json: [String: Any]) -> String {
        ([json["strategy"] as? String ?? "?"] + (json["addOns"] as? [String] ?? [])).joined(separator: " + ")
    }

    /// The committee's record in report.json: every review with its proposals, the trials, the choice.
    static func checkReport(_ dir: URL, reviewers: Int, topK: Int) throws -> [String: Any] {
        let report = try json(dir.appendingPathComponent("report.json"))
        #expect(report["rounds"] != nil, "the run's own report is still there")
        let committee = try #require(report["committee"] as? [String: Any])
        let reviews = committee["reviews"] as? [[String: Any]] ?? []
        #expect(reviews.count == reviewers)
        for record in reviews {
            let review = record["review"] as? [String: Any] ?? [:]
            let proposals = review["proposals"] as? [[String: Any]] ?? []
            #expect(!proposals.isEmpty && (review["reviewer"] as? String)?.hasPrefix("reviewer-") == true)
            #expect(proposals.allSatisfy { $0["rank"] is Int && !($0["reason"] as? String ?? "").isEmpty })
        }
        let candidates = committee["candidates"] as? [[String: Any]] ?? []
        #expect(candidates.count == topK)
        let methods = candidates.compactMap { $0["method"] as? [String: Any] }.map(method)
        #expect(Set(methods).count == topK, "distinct proposals: \(methods)")
        #expect(candidates.allSatisfy { $0["score"] is Double && $0["trial"] != nil }, "\(candidates)")
        let chosen = method(try #require(committee["chosen"] as? [String: Any]))
        let strategy = try #require(chosen.split(separator: " ").first.map(String.init))
        #expect(methods.contains(chosen))
        #expect((committee["why"] as? String)?.contains(chosen) == true)
        #expect(
            (report["summary"] as? [String: Any])?.description.contains(strategy) == true, "the run used the choice")
        // The final plan names the chosen method and says the committee chose it, with the trial scores.
        let plan = try #require(report["plan"] as? [String: Any])
        #expect((plan["setup"] as? [String: Any])?["strategy"] as? String == strategy)
        let line = try #require(plan["committee"] as? String)
        #expect(line.hasPrefix("\(chosen), chosen by a committee of \(reviewers) reviewer(s) from \(topK) trial(s)"))
        #expect(topK == 1 || line.contains(" against "), "\(line)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        let yaml = try String(contentsOf: dir.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(yaml.contains("# method: \(chosen), chosen by a committee"), "\(yaml)")
        let transcript =
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("transcript.json")))
            as? [[String: Any]] ?? []
        #expect(transcript.filter { $0["stage"] as? String == "committee-trial" }.count == topK)
        #expect(transcript.contains { $0["role"] as? String == "committee" })
        return committee
    }

    @Test func anOfflineCommitteeOfThreeTriesItsTopThreeAndKeepsTheBest() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-committee-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await DemoCommandTests().run([
            "auto", Self.request, "--committee", "3", "--top-k", "3", "--yes", "--rounds", "1", "--out", dir.path,
        ])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let committee = try Self.checkReport(dir, reviewers: 3, topK: 3)
        let perspectives = (committee["reviews"] as? [[String: Any]] ?? []).compactMap {
            ($0["review"] as? [String: Any])?["perspective"] as? String
        }
        #expect(perspectives == ["balanced", "accuracy-first", "robustness-first"])
        for line in [
            "committee: 3 reviewer(s)", "reviewer-1 (balanced, decided by expert)", "merged ranking:", "chosen: ",
            "trials (each proposal assembled as its whole method):", "final plan:", "Chosen by the committee: ",
        ] {
            #expect(result.stdout.contains(line), "\(line) in \(result.stdout)")
        }
        #expect(result.stdout.contains("reviewers") && result.stdout.contains("agent traffic"))
    }

    @Test func oneReviewerIsTheLocalLLMTestServer() async throws {
        let server = try LoopbackHTTPServer { body in
            guard body.contains("one reviewer on a committee") else {
                return .status(400, #"{"error": "unexpected prompt"}"#)
            }
            let answer =
                #"{"proposals": [{"method": "qfedavg", "options": {}, "reason": "fairness across users"}, {"method": "fedavg + power_of_choice", "options": {}, "reason": "pick the clients that lag"}, {"method": "fedavg + hyperdrive", "options": {}, "reason": "fast"}]}"#
            return .status(200, LoopbackHTTPServer.completion(answer))
        }
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-committee-llm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = [
            "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_ATTEMPTS": "1",
            "FEDACTORS_LLM_TIMEOUT": "10",
        ]

        let result = try await DemoCommandTests().run(
            [
                "auto", Self.request, "--committee", "3", "--top-k", "3", "--backend", "reviewers=llm", "--yes",
                "--rounds", "1", "--out", dir.path,
            ], environment: environment)

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let committee = try Self.checkReport(dir, reviewers: 3, topK: 3)
        let llm = (committee["reviews"] as? [[String: Any]] ?? []).last ?? [:]
        #expect(llm["decidedBy"] as? String == "llm")
        let review = llm["review"] as? [String: Any] ?? [:]
        #expect(review["reviewer"] as? String == "reviewer-3" && review["perspective"] as? String == "llm")
        let proposals = review["proposals"] as? [[String: Any]] ?? []
        #expect(
            proposals.compactMap { $0["method"] as? [String: Any] }.map(Self.method) == [
                "qfedavg", "fedavg + power_of_choice",
            ])
        #expect(proposals.first?["reason"] as? String == "fairness across users")
        let refused = review["refused"] as? [String] ?? []
        #expect(refused.count == 1, "\(refused)")
        #expect(refused.contains { $0.contains("\"hyperdrive\" is not in the catalog") }, "\(refused)")
        #expect(result.stdout.contains("refused: fedavg + hyperdrive"))
        #expect(server.requests.count == 1, "only the reviewer asks the LLM")
        #expect(result.stdout.contains("reviewer-3 (llm, decided by llm)"))
    }

    /// The reviewers placed on a `fedactors node` whose environment names the LLM test server: the
    /// LLM reviewer asks that node's endpoint, and the reviewers' traffic crosses to the node.
    @Test func theReviewersLiveOnANodeAndAskItsEndpoint() async throws {
        let server = try LoopbackHTTPServer { body in
            guard body.contains("one reviewer on a committee") else {
                return .status(400, #"{"error": "unexpected prompt"}"#)
            }
            return .status(
                200, LoopbackHTTPServer.completion(#"{"proposals": [{"strategy": "fedavg", "reason": "simple"}]}"#))
        }
        defer { server.stop() }
        let node = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"), arguments: ["node", "--bind", "tcp://127.0.0.1:0"],
            environment: [
                "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_ATTEMPTS": "1",
            ])
        defer { node.kill() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auto-committee-node-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }

        let result = try await DemoCommandTests().run(
            [
                "auto", Self.request, "--committee", "2", "--top-k", "2", "--backend", "reviewers=llm",
                "--agents-on", "local,reviewers=\(node.endpoint)", "--yes", "--no-run", "--out", dir.path,
            ], removing: ["FEDACTORS_LLM_BASE_URL", "FEDACTORS_LLM_MODEL"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let committee = try Self.json(dir.appendingPathComponent("committee.json"))
        let reviews = committee["reviews"] as? [[String: Any]] ?? []
        #expect(reviews.compactMap { $0["decidedBy"] as? String } == ["expert", "llm"])
        #expect((committee["candidates"] as? [[String: Any]] ?? []).count == 2)
        #expect(server.requests.count == 1)
        let agents = try Self.json(dir.appendingPathComponent("agents.json"))
        let rows = agents["rows"] as? [[String: Any]] ?? []
        let reviewers = try #require(rows.first { $0["role"] as? String == "reviewers" })
        #expect(reviewers["node"] as? String == node.endpoint)
        #expect((reviewers["crossProcessBytes"] as? Int ?? 0) > 0)
    }

    @Test func badCommitteeValuesAreRefusedSayingWhy() async throws {
        let cases: [([String], String)] = [
            (["--committee", "0"], "--committee must be at least 1"),
            (["--committee", "2", "--top-k", "0"], "--top-k must be at least 1"),
            (["--top-k", "2"], "--top-k 2 needs --committee N"),
            (["--committee", "5"], "at most 4; --backend reviewers=llm adds an LLM reviewer"),
        ]
        for (arguments, message) in cases {
            let result = try await DemoCommandTests().run(["auto", Self.request, "--yes", "--no-run"] + arguments)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
