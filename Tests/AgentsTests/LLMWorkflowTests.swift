import ActorMesh
import Agents
import FedActorsTesting
import Federation
import Foundation
import Synchronization
import Testing

/// The whole workflow with LLM roles, against a loopback model that answers every role validly, one
/// that always fails, and a mix of backends: the outcome is the LLM's when it validates and the
/// expert's otherwise, and the transcript holds every exchange in full.
@Suite(.serialized) struct LLMWorkflowTests {
    func team(on system: MeshSystem, _ backends: RoleBackends) throws -> AgentTeam {
        try AgentTestKit.team(on: system, backends: backends)
    }

    static let llmRoles = [
        "planner", "reflector", "supervisor", "coder-task", "coder-client", "coder-strategy", "coder-server",
        "debugger",
    ]

    @Test func everyRoleOnAValidModelBuildsItsAnswersAndTheTranscriptHoldsTheMessages() async throws {
        let server = try LoopbackHTTPServer(respond: LLMTestKit.fakeModel)
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let team = try team(on: system, .all(LLMTestKit.client(server)))

        let outcome = try await AgentWorkflow(team: team).run(LLMTestKit.request)

        #expect(outcome.status == .ready, "\(outcome.status)")
        #expect(outcome.spec?.strategy.name == "fedprox", "the planner's LLM choice")
        // The plan names the strategy that was chosen, not the expert's.
        let plan = try #require(outcome.plan)
        #expect(plan.summary.hasSuffix("with FedProx"), "\(plan.summary)")
        #expect(
            plan.tasks.contains { $0.module == .strategy && $0.description.hasPrefix("aggregate with FedProx ") },
            "\(plan.text)")
        #expect(!plan.tasks.contains { $0.description.hasPrefix("aggregate with FedAvg ") }, "\(plan.text)")
        #expect(outcome.spec?.client.localEpochs == 2, "the client coder's LLM module")
        for entry in outcome.transcript {
            #expect(entry.sent != .null && entry.received != .null, "\(entry.role) has an empty message")
            if Self.llmRoles.contains(entry.role) {
                #expect(entry.decidedBy == "llm", "\(entry.role): \(entry.decidedBy ?? "nil") \(entry.note ?? "")")
                let messages = try #require(entry.llm?.messages)
                #expect(messages.map(\.role) == ["system", "user", "assistant"])
                #expect(messages[1].content.contains(LLMTestKit.request))
            } else {
                #expect(entry.llm == nil && entry.decidedBy == nil, "\(entry.role) is not an LLM role")
            }
        }
        // Metering per role: LLM calls and tokens beside the mesh traffic.
        let metering = RoleMetering(
            ledger: system.ledger.snapshot(), transcript: outcome.transcript, llm: outcome.transcript.llmUsage,
            inProcess: [system.endpoint])
        let coders = try #require(metering.rows.first { $0.role == "coders" })
        #expect(coders.llmCalls == 4 && coders.tokens == 4 * 18)
        #expect(metering.rows.first { $0.role == "evaluator" }?.llmCalls == 0)
        #expect(metering.table().contains("llm calls"))
        #expect(server.requests.count == outcome.transcript.compactMap(\.llm).map(\.usage.calls).reduce(0, +))
    }

    /// Usages as large as a transcript can hold (the largest Int) add up to the largest Int per role, no trap.
    @Test func theMeteringHoldsHugeUsagesAtTheLargestCount() {
        var huge = ChatUsage()
        huge.calls = .max
        huge.promptTokens = .max
        huge.completionTokens = 1
        let metering = RoleMetering(
            ledger: TrafficReport(rows: []), transcript: [], llm: ["planner": huge, "debugger": ChatUsage()],
            inProcess: [])
        let planner = metering.rows.first { $0.role == "planner" }
        #expect(planner?.llmCalls == .max && planner?.tokens == .max)
        #expect(metering.rows.first { $0.role == "debugger" }?.tokens == 0)
        #expect(metering.table().contains("\(Int.max)"))
    }

    /// An LLM reflector that never finds the plan complete, under --yes: its points go back to the
    /// planner for the bounded number of reviews, then the gate's approval carries the plan on (the
    /// plan has every essential, so there is nothing to ask the user).
    @Test func aReflectorThatNeverSaysCompleteDoesNotStopAnApprovedRun() async throws {
        let server = try LoopbackHTTPServer(respond: { body in
            let system = LLMTestKit.messages(of: body).first?.content ?? ""
            guard system.contains("You review plans") else { return LLMTestKit.fakeModel(body) }
            return .status(
                200,
                LoopbackHTTPServer.completion(
                    #"{"verdict": "INCOMPLETE", "missing": ["say more about the optimizer"]}"#))
        })
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let notes = NoteLog()
        let workflow = AgentWorkflow(
            team: try team(on: system, RoleBackends([.reflector: LLMTestKit.client(server)])),
            progress: { notes.append($0) })

        let outcome = try await workflow.plan(LLMTestKit.request)

        #expect(outcome.status == .ready, "\(outcome.status)")
        let reviews = outcome.transcript.filter { $0.role == "reflector" }
        #expect(reviews.count == WorkflowBounds().reflections)
        #expect(reviews.allSatisfy { $0.decidedBy == "llm" })
        #expect(outcome.transcript.filter { $0.role == "human-gate" }.count == 1)
        #expect(notes.lines.contains { $0.contains("still incomplete") && $0.contains("say more about the optimizer") })
    }

    @Test func llmDebuggerRepairsAnInjectedFault() async throws {
        let server = try LoopbackHTTPServer(respond: LLMTestKit.fakeModel)
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let workflow = AgentWorkflow(team: try team(on: system, RoleBackends([.debugger: LLMTestKit.client(server)])))
        var spec = try DebugLoopTests.spec()
        spec.client.learningRate = 40

        let outcome = try await workflow.evaluateAndDebug(spec)

        #expect(outcome.status == .ready, "\(outcome.status)")
        #expect(outcome.patches.first?.first?.hasPrefix("client.learning_rate 40") == true, "\(outcome.patches)")
        let debugger = try #require(outcome.transcript.first { $0.role == "debugger" })
        #expect(debugger.decidedBy == "llm")
        #expect(
            debugger.llm?.messages[1].content.contains("diverged") == true
                || debugger.llm?.messages[1].content.contains("L2") == true)
    }

    @Test func failingEndpointLeavesEveryRoleOnTheExpertAndSaysSo() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, #"{"error": "down"}"#)])
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let notes = NoteLog()
        let team = try team(on: system, .all(LLMTestKit.client(server, attempts: 2)))

        let outcome = try await AgentWorkflow(team: team, progress: { notes.append($0) }).run(LLMTestKit.request)

        #expect(outcome.status == .ready, "\(outcome.status)")
        // The planner's two requests fail, the reflector's first is the third in a row: the endpoint is
        // given up (the circuit breaker), said once, and no role asks it again.
        #expect(server.requests.count == 3)
        let planner = try #require(outcome.transcript.first { $0.role == "planner" && $0.llm != nil })
        #expect(
            planner.decidedBy == "expert (fallback)" && planner.note?.contains("HTTP 500") == true
                && planner.llm?.usage.calls == 2)
        let off = outcome.transcript.filter { $0.decidedBy == "expert (LLM endpoint off)" }
        #expect(
            Set(off.map(\.role)).isSuperset(of: ["reflector", "supervisor", "coder-task"]),
            "\(outcome.transcript.map { ($0.role, $0.decidedBy) })")
        #expect(off.filter { $0.note?.contains("for the rest of the run") == true }.count == 1)
        #expect(
            notes.lines.filter { $0.contains("every role uses the embedded expert for the rest of the run") }.count
                == 1, "\(notes.lines)")
    }

    @Test func backendsMixPerRole() async throws {
        let server = try LoopbackHTTPServer(respond: LLMTestKit.fakeModel)
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let selection = try BackendSelection.parse("planner=llm,coders=llm,debugger=expert")
        let team = try team(on: system, RoleBackends(selection, client: LLMTestKit.client(server)))

        let outcome = try await AgentWorkflow(team: team).run(LLMTestKit.request)

        #expect(outcome.status == .ready, "\(outcome.status)")
        let by = Dictionary(outcome.transcript.map { ($0.role, $0.decidedBy) }, uniquingKeysWith: { first, _ in first })
        #expect(by["planner"] == "llm" && by["coder-client"] == "llm")
        #expect(by["reflector"] == "expert" && by["supervisor"] == "expert")
        let prompts = server.requests.compactMap { LLMTestKit.messages(of: $0).first?.content }
        #expect(!prompts.contains { $0.contains("You review plans") || $0.contains("You are the supervisor") })
    }
}

extension LLMWorkflowTests {
    @Test func callDeadlineBoundsASlowLLMRoleAcrossTheMesh() async throws {
        let server = try LoopbackHTTPServer(replies: [.unanswered])
        defer { server.stop() }
        let home = try AgentTestKit.system(), driver = try AgentTestKit.system()
        defer { driver.shutdown(); home.shutdown() }
        let local = try team(on: home, RoleBackends([.planner: LLMTestKit.client(server, timeout: 5, attempts: 1)]))
        var bounds = WorkflowBounds()
        bounds.callDeadline = .milliseconds(300)
        let workflow = AgentWorkflow(team: try local.resolved(using: driver), bounds: bounds)
        let started = ContinuousClock.now

        let failure = await #expect(throws: AgentCallFailed.self) { try await workflow.plan(LLMTestKit.request) }

        #expect(failure?.cause.code == .deadlineExceeded && failure?.role == "planner")

        // The deadline, not the client's own 5 s timeout (after which the expert would have answered),
        // ended the call: the failure's code says so. The wall bound only catches a hang on a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(30), "the workflow hung past its call deadline")
        withExtendedLifetime(local) {}
    }
}

/// Progress lines collected from the workflow.
final class NoteLog: Sendable {
    private let store = Mutex<[String]>([])
    func append(_ line: String) { store.withLock { $0.append(line) } }
    var lines: [String] { store.withLock { $0 } }
}
