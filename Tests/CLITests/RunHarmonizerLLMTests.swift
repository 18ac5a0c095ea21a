import FedActorsTesting
import Foundation
import Testing

/// `fedactors run --backend harmonizer=llm` of a messy topology against the local LLM test server: the
/// harmonizer asks it about the labels its glossary is unsure of (label mapping only), and an answer
/// it cannot use leaves the offline reading with a note; without a server, or for another role, the
/// option is refused before the run starts.
@Suite(.serialized) struct RunHarmonizerLLMTests {
    static let classes = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Ankle boot",
    ]

    /// A reply mapping every label of the prompt to the task class sharing its first four letters, or none.
    static func mapping(_ raw: String) -> String {
        // The request is JSON: its encoder writes "/" as "\/".
        let body = raw.replacingOccurrences(of: #"\/"#, with: "/")
        let pattern = try? NSRegularExpression(pattern: #"\\"([^"\\]+)\\" \(offline reading"#)
        let range = NSRange(body.startIndex..., in: body)
        let labels = (pattern?.matches(in: body, range: range) ?? []).compactMap { match in
            Range(match.range(at: 1), in: body).map { String(body[$0]) }
        }
        let items = labels.map { label in
            let target = classes.first { $0.lowercased().prefix(4) == label.lowercased().prefix(4) } ?? "none"
            return #"{"label": "\#(label)", "target": "\#(target)"}"#
        }
        return #"{"mappings": [\#(items.joined(separator: ", "))]}"#
    }

    func run(_ server: LoopbackHTTPServer, extra: [String] = []) async throws -> DemoCommandTests.Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("run-harmonizer-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("messy-clinics.yaml")
        try MessyRunCommandTests.topology(placed: false).write(to: path, atomically: true, encoding: .utf8)
        let environment = [
            "FEDACTORS_LLM_BASE_URL": server.baseURL, "FEDACTORS_LLM_MODEL": "test", "FEDACTORS_LLM_ATTEMPTS": "1",
            "FEDACTORS_LLM_TIMEOUT": "10",
        ]
        return try await DemoCommandTests().run(
            [
                "run", path.path, "--rounds", "1", "--yes", "--backend", "harmonizer=llm", "--output",
                dir.appendingPathComponent("report.json").path,
            ] + extra, environment: environment)
    }

    @Test func theHarmonizerAsksTheLLMAboutTheLabelsItIsUnsureOf() async throws {
        let server = try LoopbackHTTPServer { body in
            guard body.contains("You harmonize the label vocabularies") else {
                return .status(400, #"{"error": "unexpected prompt"}"#)
            }
            return .status(200, LoopbackHTTPServer.completion(Self.mapping(body)))
        }
        defer { server.stop() }

        let result = try await run(server)

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(server.requests.count == 1, "label mapping is the run's only LLM question")
        #expect(result.stdout.contains("[data-harmonization] data-server:") && result.stdout.contains("[llm]"))
        #expect(result.stdout.contains("the LLM reads it as Trouser"), "\(result.stdout)")
        #expect(result.stdout.contains("data stages: 4 of 6 clients train on prepared data"))
    }

    /// The FL server placed on host hub's node: the server data agent lives there, so the harmonizer
    /// asks the LLM that node's environment names. Only hub's node is given one (its command sets
    /// `FEDACTORS_LLM_*`); the driver has none, and the option is accepted because the server is placed.
    @Test func withAPlacedServerTheHarmonizerAsksTheLLMOfTheServersNode() async throws {
        let server = try LoopbackHTTPServer { body in
            guard body.contains("You harmonize the label vocabularies") else {
                return .status(400, #"{"error": "unexpected prompt"}"#)
            }
            return .status(200, LoopbackHTTPServer.completion(Self.mapping(body)))
        }
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("run-harmonizer-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hub = """
            {name: hub, start: command, command: [env, "FEDACTORS_LLM_BASE_URL=\(server.baseURL)", \
            FEDACTORS_LLM_MODEL=test, FEDACTORS_LLM_ATTEMPTS=1, FEDACTORS_LLM_TIMEOUT=10, fedactors, node, \
            --bind, "tcp://127.0.0.1:0"]}
            """
        let topology = MessyRunCommandTests.topology(placed: true)
            .replacingOccurrences(of: "{name: hub, start: local}", with: hub)
        #expect(topology.contains("start: command") && topology.contains("server: {host: hub}"))
        let path = dir.appendingPathComponent("messy-clinics.yaml")
        try topology.write(to: path, atomically: true, encoding: .utf8)

        let result = try await DemoCommandTests().run(
            [
                "run", path.path, "--rounds", "1", "--yes", "--backend", "harmonizer=llm", "--output",
                dir.appendingPathComponent("report.json").path,
            ], removing: ["FEDACTORS_LLM_BASE_URL", "FEDACTORS_LLM_MODEL"])

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(server.requests.count == 1, "label mapping is the run's only LLM question")
        #expect(result.stdout.contains("the LLM reads it as Trouser"), "\(result.stdout)")
        #expect(result.stdout.contains("data stages: 4 of 6 clients train on prepared data"))
    }

    @Test func garbageFromTheLLMLeavesTheOfflineReadingWithANote() async throws {
        let server = try LoopbackHTTPServer { _ in .status(200, LoopbackHTTPServer.completion("labels? no idea")) }
        defer { server.stop() }

        let result = try await run(server)

        #expect(result.status == 0, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains("[expert (fallback)]"), "\(result.stdout)")
        #expect(result.stdout.contains("» harmonizer: ") || result.stdout.contains("harmonizer: "))
        #expect(!result.stdout.contains("the LLM reads it as"))
        #expect(result.stdout.contains("data stages: 4 of 6 clients train on prepared data"))
    }

    @Test func withoutAServerOrForAnotherRoleTheOptionIsRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("run-harmonizer-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("messy-clinics.yaml")
        try MessyRunCommandTests.topology(placed: false).write(to: path, atomically: true, encoding: .utf8)

        let unset = try await DemoCommandTests().run(
            ["run", path.path, "--backend", "harmonizer=llm"],
            removing: ["FEDACTORS_LLM_BASE_URL", "FEDACTORS_LLM_MODEL"])
        let planner = try await DemoCommandTests().run(["run", path.path, "--backend", "planner=llm"])

        #expect(unset.status != 0 && unset.stderr.contains("needs an OpenAI-compatible server"), "\(unset.stderr)")
        #expect(planner.status != 0 && planner.stderr.contains("one LLM-capable role"), "\(planner.stderr)")
    }
}
