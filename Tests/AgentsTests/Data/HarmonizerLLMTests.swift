import ActorMesh
import FedActorsTesting
import Federation
import Testing

@testable import Agents

/// The harmonizer with an LLM: its reading replaces the offline proposal for the unsure labels (still
/// confirmed at the gate); an answer naming a class outside the task is rejected and fed back; a
/// failing endpoint leaves the offline reading, saying so.
@Suite(.serialized) struct HarmonizerLLMTests {
    static let task = DataTask(sampleShape: [1, 28, 28], classes: ["Trouser", "Sneaker", "Bag"])
    static let cards = [
        DataCard(
            clientID: 0, size: 60, schemas: ["1×28×28": 60], labels: ["pants": 20, "Sneakr": 20, "Schuhwerk X": 20],
            quality: DataQuality(), summary: ValueSummary())
    ]

    func harmonize(_ client: ChatClient) async throws -> Decided<HarmonizationPlan> {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let gate = HumanGateAgent(actorSystem: system, input: ScriptedInput([]), autoApprove: true, show: { _ in })
        let agent = ServerDataAgent(actorSystem: system, task: Self.task, gate: gate, llm: client)
        return try await agent.harmonize(Self.cards)
    }

    @Test func theLLMsReadingOfUnsureLabelsIsUsedAndConfirmed() async throws {
        let reply =
            #"{"mappings": [{"label": "Schuhwerk X", "target": "Sneaker"}, {"label": "Sneakr", "target": "Sneaker"}]}"#
        let server = try LoopbackHTTPServer(replies: [.status(200, LoopbackHTTPServer.completion(reply))])
        defer { server.stop() }

        let d = try await harmonize(LLMTestKit.client(server))

        #expect(d.decidedBy == "llm")
        #expect(d.value.mappings[0]?.targets == ["pants": "Trouser", "Sneakr": "Sneaker", "Schuhwerk X": "Sneaker"])
        #expect(d.value.questions.map(\.label) == ["Schuhwerk X", "Sneakr"])
        #expect(d.value.resolutions.first { $0.label == "Schuhwerk X" }?.method == .llm)
    }

    @Test func aClassOutsideTheTaskIsRejectedAndFedBack() async throws {
        let bad =
            #"{"mappings": [{"label": "Schuhwerk X", "target": "Boot"}, {"label": "Sneakr", "target": "Sneaker"}]}"#
        let good =
            #"{"mappings": [{"label": "Schuhwerk X", "target": "none"}, {"label": "Sneakr", "target": "Sneaker"}]}"#
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(bad)), .status(200, LoopbackHTTPServer.completion(good)),
        ])
        defer { server.stop() }

        let d = try await harmonize(LLMTestKit.client(server))

        #expect(d.decidedBy == "llm" && d.llm?.failures.first?.contains("not a task class") == true)
        #expect(d.value.mappings[0]?.dropped["Schuhwerk X"] != nil)
    }

    @Test func aFailingEndpointLeavesTheOfflineReadingSayingSo() async throws {
        let server = try LoopbackHTTPServer(replies: Array(repeating: .status(500, "down"), count: 3))
        defer { server.stop() }

        let d = try await harmonize(LLMTestKit.client(server))

        #expect(d.decidedBy != "llm" && d.note != nil)
        #expect(
            d.value.mappings[0]?.targets["Sneakr"] == "Sneaker" && d.value.mappings[0]?.dropped["Schuhwerk X"] != nil)
    }
}
