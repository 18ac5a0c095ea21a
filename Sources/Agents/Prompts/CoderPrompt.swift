import Federation
import Foundation

/// A module coder's question to an LLM: write (or repair) one module of the spec as a JSON object.
/// The answer is decoded into the module's type, checked against ``SpecRules`` and against the
/// values the request fixes (dataset, model, number of clients, the planner's strategy), and put
/// into the spec in place of the module.
struct CoderPrompt: Sendable {
    let module: FederationSpec.Module
    let caps: Capabilities

    var system: String {
        """
        You are the coder of the \(module.rawValue) module in a team that builds federated-learning systems. \
        You write your module of a federation spec as one JSON object, which a simulator then runs. Its fields:
        \(ModuleFields(caps: caps).description(of: module))
        Choose values that suit the request and the plan, keep the values the request fixes exactly as given, \
        and when a tester reports failures, change what they point at.
        Reply with the module's JSON object and nothing else.
        """
    }

    /// The values of this module the request fixes, which the answer must keep.
    func fixed(in expert: FederationSpec) -> [(key: String, value: String)] {
        switch module {
        case .task: [("dataset", expert.task.dataset), ("model", expert.task.model)]
        case .client: []
        case .strategy: [("name", expert.strategy.name)]
        case .server: [("clients", String(expert.server.clients))]
        }
    }

    func query(plan: Plan, base: FederationSpec, expert: FederationSpec, failures: [String]) -> RoleQuery<
        FederationSpec
    > {
        var user = "Request: \(plan.request)\n\nPlan:\n\(plan.text)\n\n"
        user += "The spec so far: \(JSONValue.encoding(base, snakeCase: true).text)\n\n"
        let facts = fixed(in: expert)
        if !facts.isEmpty {
            user += "Keep as given: " + facts.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "\n\n"
        }
        user += "A rule-based coder wrote this module as: \(moduleJSON(of: expert).text)"
        if !failures.isEmpty {
            user +=
                "\n\nThe tester ran the module and it failed:\n" + failures.map { "- \($0)" }.joined(separator: "\n")
                + "\nFix these."
        }
        let coder = self
        return RoleQuery(
            role: "coder-\(module.rawValue)", system: system, user: user,
            schema: ModuleFields(caps: caps).schema(of: module)
        ) {
            try coder.validate($0, base: base, expert: expert)
        }
    }

    func moduleJSON(of spec: FederationSpec) -> JSONValue {
        switch module {
        case .task: JSONValue.encoding(spec.task, snakeCase: true)
        case .client: JSONValue.encoding(spec.client, snakeCase: true)
        case .strategy: JSONValue.encoding(spec.strategy, snakeCase: true)
        case .server: JSONValue.encoding(spec.server, snakeCase: true)
        }
    }

    /// The spec with this module replaced by the answer, or why the answer is rejected.
    func validate(_ text: String, base: FederationSpec, expert: FederationSpec) throws -> FederationSpec {
        var spec = base
        var problems: [String]
        switch module {
        case .task:
            spec.task = try JSONReply.decode(FederationSpec.TaskModule.self, from: text)
            // The task waves are the request's condition, kept as composed.
            spec.task.tasks = expert.task.tasks
            problems = SpecRules.problems(spec.task, within: caps)
        case .client:
            spec.client = try JSONReply.decode(FederationSpec.ClientModule.self, from: text)
            // The client methods are the plan's chosen methods, not the model's to drop: kept as composed.
            spec.client.sampleFilter = expert.client.sampleFilter
            spec.client.fineTuneSteps = expert.client.fineTuneSteps
            spec.client.replay = expert.client.replay
            spec.client.ewc = expert.client.ewc
            problems = SpecRules.problems(spec.client)
        case .strategy:
            spec.strategy = try JSONReply.decode(FederationSpec.StrategyModule.self, from: text)
            problems = SpecRules.problems(spec.strategy, within: caps)
        case .server:
            spec.server = try JSONReply.decode(FederationSpec.ServerModule.self, from: text)
            problems = SpecRules.problems(spec.server)
        }
        let kept = fixed(in: spec)
        for (fact, given) in zip(fixed(in: expert), kept) where fact.value != given.value {
            problems.append("\(fact.key) must stay \(fact.value) (the request fixes it), not \(given.value)")
        }
        guard problems.isEmpty else { throw AnswerRejected(problems.joined(separator: "; ")) }
        return spec
    }
}
