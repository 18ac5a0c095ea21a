import Federation
import Foundation

/// The supervisor's question to an LLM: the blueprint of the four modules, their order and
/// dependencies, and the plan's tasks each implements. Validated into a ``Blueprint``.
enum SupervisorPrompt {
    static let system = """
        You are the supervisor of a team that builds federated-learning systems. Split the plan into the \
        four modules of a federation spec and order them so that each is built after the modules it needs:
        - task: dataset, how it is partitioned and corrupted across clients, and the model;
        - client: local epochs, batch size, learning rate and momentum of each client's training;
        - strategy: aggregation, server optimizer, client selection and compression;
        - server: number of clients, rounds, participation, deadline and evaluation.
        Rules: each module appears exactly once; "depends_on" lists only modules placed earlier; client \
        depends on task (its learning rate depends on the model); server is last. Give each module the \
        plan's tasks it implements, copied from the plan.
        Reply with one JSON object and nothing else: \
        {"steps": [{"module": "...", "depends_on": ["..."], "tasks": ["..."]}]}
        """

    static var schema: JSONValue {
        let module = Schema.string(oneOf: FederationSpec.Module.allCases.map(\.rawValue))
        let step = Schema.object([
            "module": module,
            "depends_on": Schema.array(module, maxItems: 3),
            "tasks": Schema.array(["type": "string", "maxLength": 400], maxItems: 10),
        ])
        return Schema.object(["steps": Schema.array(step, maxItems: 4, minItems: 4)])
    }

    struct Answer: Decodable {
        struct Step: Decodable {
            var module: String
            var dependsOn: [String]?
            var tasks: [String]?
        }
        var steps: [Step]
    }

    static func query(_ plan: Plan, expert: Blueprint) -> RoleQuery<Blueprint> {
        let user =
            "Request: \(plan.request)\n\nPlan:\n\(plan.text)\n\nA rule-based supervisor would order them: "
            + expert.steps.map {
                """
                \($0.module.rawValue) (after \
                \($0.dependsOn.isEmpty ? "nothing" : $0.dependsOn.map(\.rawValue).joined(separator: ", ")))
                """
            }
            .joined(separator: "; ")
        return RoleQuery(role: "supervisor", system: system, user: user, schema: schema) {
            try validate($0, plan: plan)
        }
    }

    static func validate(_ text: String, plan: Plan) throws -> Blueprint {
        let answer = try JSONReply.decode(Answer.self, from: text)
        var steps: [Blueprint.Step] = []
        for raw in answer.steps {
            guard let module = FederationSpec.Module(rawValue: raw.module.lowercased()) else {
                throw AnswerRejected("\"\(raw.module)\" is not a module; use task, client, strategy and server")
            }
            guard !steps.contains(where: { $0.module == module }) else {
                throw AnswerRejected("module \(module.rawValue) appears twice; list each module once")
            }
            var dependsOn: [FederationSpec.Module] = []
            for name in raw.dependsOn ?? [] {
                guard let dep = FederationSpec.Module(rawValue: name.lowercased()) else {
                    throw AnswerRejected("\(module.rawValue) depends on \"\(name)\", which is not a module")
                }
                guard steps.contains(where: { $0.module == dep }) else {
                    throw AnswerRejected(
                        """
                        \(module.rawValue) depends on \(dep.rawValue), which is not placed before it; order the steps \
                        so dependencies come first
                        """
                    )
                }
                if !dependsOn.contains(dep) { dependsOn.append(dep) }
            }
            let tasks = (raw.tasks ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
                !$0.isEmpty
            }
            guard tasks.count <= 10, tasks.allSatisfy({ $0.count <= 400 }) else {
                throw AnswerRejected("\(module.rawValue) may list at most 10 tasks of at most 400 characters")
            }
            // A module given no task keeps the plan's own tasks for it.
            steps.append(
                Blueprint.Step(
                    module: module, dependsOn: dependsOn,
                    tasks: tasks.isEmpty ? plan.tasks.filter { $0.module == module }.map(\.description) : tasks))
        }
        let absent = FederationSpec.Module.allCases.filter { m in !steps.contains { $0.module == m } }
        guard absent.isEmpty else {
            throw AnswerRejected(
                "the steps leave out \(absent.map(\.rawValue).joined(separator: ", ")); list all four modules")
        }
        if let client = steps.first(where: { $0.module == .client }), !client.dependsOn.contains(.task) {
            throw AnswerRejected("client must depend on task (its learning rate depends on the model)")
        }
        guard steps.last?.module == .server else {
            throw AnswerRejected("server must be the last step; it runs the other modules")
        }
        return Blueprint(steps: steps)
    }
}
