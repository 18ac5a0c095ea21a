import ActorMesh
import Agents
import FedActorsTesting
import Federation
import Foundation
import Testing

/// What the LLM roles' validation rejects, and that each rejection says what to fix: the messages
/// are what the model reads on its next attempt.
@Suite(.serialized) struct LLMValidationTests {
    func exchange(replying replies: [String], ask: (ChatClient, MeshSystem) async throws -> LLMExchange?) async throws
        -> (LLMExchange, [String])
    {
        let server = try LoopbackHTTPServer(replies: replies.map { .status(200, LoopbackHTTPServer.completion($0)) })
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let exchange = try #require(try await ask(LLMTestKit.client(server, attempts: replies.count), system))
        return (exchange, exchange.failures)
    }

    @Test func debuggerRejectsWrongTypesNoOpsAndOutOfRangePatches() async throws {
        let expert = try LLMTestKit.expert()
        var spec = try #require(ExpertPlannerFixture.spec(for: expert.plan(LLMTestKit.request), expert: expert))
        spec.client.learningRate = 2
        let diagnosis = Diagnosis(
            issues: [.init(level: .l2Semantics, finding: .diverged, detail: "loss grew")], accuracy: nil)
        let (exchange, failures) = try await exchange(replying: [
            #"{"changes": [{"field": "client.learning_rate", "value": "smaller", "reason": "x"}]}"#,
            #"{"changes": [{"field": "client.learning_rate", "value": 2, "reason": "x"}]}"#,
            #"{"changes": [{"field": "server.fraction", "value": 0, "reason": "x"}]}"#,
            #"{"changes": [{"field": "client.learning_rate", "value": 0.05, "reason": "x"}, {"field": "server.deadline_seconds", "value": null, "reason": "y"}]}"#,
        ]) { client, system in
            let d = try await DebuggerAgent(actorSystem: system, capabilities: LLMTestKit.capabilities, llm: client)
                .patch(spec, diagnosis: diagnosis)
            #expect(d.decidedBy == "llm" && d.value?.spec.client.learningRate == 0.05 && d.value?.changes.count == 2)
            return d.llm
        }
        #expect(failures.count == 3 && exchange.usage.calls == 4)
        #expect(failures[0].contains("client.learning_rate takes a number"))
        #expect(failures[1].contains("leave the spec as it was"))
        #expect(failures[2].contains("fraction must be in (0, 1]"))
    }

    @Test func coderMustKeepWhatTheRequestFixes() async throws {
        let expert = try LLMTestKit.expert()
        let plan = expert.plan(LLMTestKit.request)
        let chooser = try #require(AgentTestKit.chooser)
        let (_, failures) = try await exchange(replying: [
            #"{"clients": 50, "rounds": 5, "fraction": 0.5, "min_fit": 2, "overcommit": 0, "deadline_seconds": null, "evaluate_every": 1, "federated_evaluation": false, "speed_spread": 0, "dropout": 0}"#,
            #"{"clients": 8, "rounds": 5, "fraction": 0.5}"#,
            #"{"clients": 8, "rounds": 5, "fraction": 0.5, "min_fit": 2, "overcommit": 0, "deadline_seconds": null, "evaluate_every": 1, "federated_evaluation": false, "speed_spread": 0, "dropout": 0}"#,
        ]) { client, system in
            let coder = ModuleCoderAgent(
                actorSystem: system, module: .server, chooser: chooser, capabilities: LLMTestKit.capabilities,
                llm: client)
            let d = try await coder.write(ModuleAssignment(plan: plan, draft: nil, failures: []))
            #expect(d.decidedBy == "llm" && d.value.server.clients == 8 && d.value.server.rounds == 5)
            return d.llm
        }
        #expect(failures.count == 2)
        #expect(failures[0].contains("clients must stay 8"))
        #expect(failures[1].contains("the key \"min_fit\" is missing"))
    }

    /// The strategy the rule-based strategy coder picks for the test request.
    func rulesStrategyName() async throws -> String {
        let chooser = try #require(AgentTestKit.chooser)
        let home = try AgentTestKit.system()
        defer { home.shutdown() }
        let plan = try LLMTestKit.expert().plan(LLMTestKit.request)
        return try await ModuleCoderAgent(
            actorSystem: home, module: .strategy, chooser: chooser, capabilities: LLMTestKit.capabilities
        )
        .write(ModuleAssignment(plan: plan, draft: nil, failures: [])).value.strategy.name
    }

    /// The LLM strategy coder answering the test request with `replies` in turn; `check` sees its
    /// decision. Returns the rejections fed back.
    func strategyExchange(replying replies: [String], _ check: (Decided<FederationSpec>) -> Void) async throws
        -> [String]
    {
        let chooser = try #require(AgentTestKit.chooser)
        let plan = try LLMTestKit.expert().plan(LLMTestKit.request)
        let (_, failures) = try await exchange(replying: replies) { client, system in
            let coder = ModuleCoderAgent(
                actorSystem: system, module: .strategy, chooser: chooser, capabilities: LLMTestKit.capabilities,
                llm: client)
            let d = try await coder.write(ModuleAssignment(plan: plan, draft: nil, failures: []))
            check(d)
            return d.llm
        }
        return failures
    }

    @Test func strategyCoderOptionsMustBuildTheStrategy() async throws {
        let name = try await rulesStrategyName()
        let failures = try await strategyExchange(replying: [
            #"{"name": "\#(name)", "options": {"batch_size": 32}, "sampling": "uniform", "compression": "none", "compression_fraction": null, "error_feedback": false}"#,
            #"{"name": "\#(name)", "options": {}, "sampling": "by_size", "compression": "none", "compression_fraction": null, "error_feedback": false}"#,
        ]) { d in
            #expect(d.decidedBy == "llm" && d.value.strategy.sampling == "by_size")
        }
        #expect(failures.count == 1 && failures[0].contains("batch_size"), "\(failures)")
    }

    /// A fraction with a compression that keeps every coordinate, or error feedback without a
    /// compression, would be dropped by the topology reader: the coder's answer is refused instead.
    @Test func strategyCoderRefusesCompressionSettingsTheKindIgnores() async throws {
        let name = try await rulesStrategyName()
        let failures = try await strategyExchange(replying: [
            #"{"name": "\#(name)", "options": {}, "sampling": "uniform", "compression": "q8", "compression_fraction": 0.1, "error_feedback": false}"#,
            #"{"name": "\#(name)", "options": {}, "sampling": "uniform", "compression": "none", "compression_fraction": null, "error_feedback": true}"#,
            #"{"name": "\#(name)", "options": {}, "sampling": "uniform", "compression": "q8", "compression_fraction": null, "error_feedback": true}"#,
        ]) { d in
            #expect(d.decidedBy == "llm" && d.value.strategy.compression == "q8" && d.value.strategy.errorFeedback)
        }
        #expect(failures.count == 2, "\(failures)")
        #expect(
            failures.first?.contains("compression_fraction is only for topk and topk+q8: null for q8") == true,
            "\(failures)")
        #expect(failures.last?.contains("error_feedback needs a compression") == true, "\(failures)")
    }

    @Test func theReflectorRefusesAClientCountNoRunCanHold() throws {
        let expert = try LLMTestKit.expert()
        var plan = expert.plan(LLMTestKit.request)
        #expect(expert.reflect(on: plan) == .complete)
        plan.setup["clients"] = "5000000000"
        #expect(
            expert.reflect(on: plan)
                == .incomplete(missing: [
                    "a run holds at most 1000000 clients (a topology's limit), the plan has 5000000000"
                ]))
        plan.setup["clients"] = "lots"
        #expect(
            expert.reflect(on: plan) == .incomplete(missing: ["the plan's client count 'lots' is not a whole number"]))
        plan.setup["clients"] = "1"
        #expect(
            expert.reflect(on: plan)
                == .incomplete(missing: ["federated learning needs at least 2 clients, the plan has 1"]))
    }

    @Test func reflectorKeepsTheRuleBasedGapsWhateverTheModelSays() async throws {
        let expert = try LLMTestKit.expert()
        var plan = expert.plan(LLMTestKit.request)
        plan.setup["model"] = nil
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(#"{"verdict": "COMPLETE", "missing": []}"#))
        ])
        defer { server.stop() }
        let system = try AgentTestKit.system()
        defer { system.shutdown() }

        let d = try await ReflectorAgent(actorSystem: system, expert: expert, llm: LLMTestKit.client(server)).reflect(
            plan)

        #expect(d.decidedBy == "llm")
        #expect(d.value == .incomplete(missing: ["the plan does not say which model to use"]))
    }
}
