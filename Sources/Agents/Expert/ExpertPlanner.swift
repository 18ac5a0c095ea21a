import Foundation
import Topology

/// The embedded expert as planner and reflector: a plan from the request's analysis and the chosen
/// methods, and the checks that say whether a plan is complete.
package struct ExpertPlanner: Sendable {
    package let chooser: MethodChooser
    /// What this build runs; the plan lists what had to be substituted. nil: no check.
    package let capabilities: Capabilities?

    package init(chooser: MethodChooser, capabilities: Capabilities? = nil) {
        self.chooser = chooser
        self.capabilities = capabilities
    }

    /// A plan for `request`. Feedback (from the user or the reflector) is applied before planning:
    /// a line "clients: 20", "model: resnet8", "dataset: fashion-mnist" or "rounds: 10" overrides
    /// what the request says; other feedback is recorded as a revision.
    package func plan(_ request: String, feedback: [String] = []) -> Plan {
        var analysis = chooser.analyzer.analyze(request + " " + feedback.joined(separator: " "))
        Self.apply(feedback, to: &analysis)
        let choice = chooser.choose(for: request, analysis: analysis)
        let composer = SpecComposer()
        var (steps, replacements) = composer.steps(analysis, choice)
        var setup = Self.setup(analysis, choice, steps: steps)
        let tasks = Self.tasks(analysis, choice, metric: setup["metric"] ?? "accuracy")
        var assumptions = analysis.assumptions
        // The conditions the topology will simulate: stated values in the setup, defaults as assumptions.
        let conditions = composer.conditions(analysis, choice)
        setup.merge(conditions.setup) { old, _ in old }
        assumptions += conditions.assumed
        if let tasks = SpecComposer.tasks(for: analysis, choice) {
            if analysis.continualTasks == tasks { setup["tasks"] = "\(tasks) class-incremental tasks" }
            assumptions.append(Self.continualAssumption(tasks: tasks, stated: analysis.continualTasks))
        }
        if let caps = capabilities {
            let (spec, notes) = composer.substitute(composer.compose(name: "plan", analysis, choice), within: caps)
            let resolved = composer.resolve(steps, against: spec, because: notes)
            steps = resolved.steps
            replacements += resolved.replaced
            // Substitutions that changed no planned step (a dataset or model) stay assumptions.
            if resolved.replaced.isEmpty { assumptions += notes }
        }
        if !choice.uncovered.isEmpty {
            assumptions.append(
                """
                no chosen method addresses \(choice.uncovered.map(\.rawValue).joined(separator: ", ")); the \
                evaluator watches for its symptoms
                """
            )
        }
        var plan = Plan(
            request: request, summary: Self.summary(analysis, choice), challenges: analysis.challenges, tasks: tasks,
            setup: setup, questions: analysis.questions, assumptions: assumptions, revisions: feedback)
        plan.replacements = replacements
        plan.steps = steps
        return namingWhatRuns(plan, choice)
    }

    /// The plan's setup before the conditions: the strategy, what the request names, the metric the
    /// run reports (the request's, unless this build cannot measure it: then the plan says so), the
    /// deployment and the add-on methods.
    private static func setup(
        _ analysis: RequestAnalysis, _ choice: MethodChoice, steps: [PlanStep]
    ) -> [String: String] {
        var setup: [String: String] = ["strategy": choice.primary.id]
        if let d = analysis.dataset { setup["dataset"] = d }
        if let m = analysis.model { setup["model"] = m }
        if let c = analysis.clientCount { setup["clients"] = String(c) }
        setup["metric"] =
            steps.first { $0.kind == .metric }?.name ?? (analysis.metrics.first ?? .globalTop1).rawValue
        if let dep = analysis.deployment { setup["deployment"] = dep.rawValue }
        for card in choice.addOns { setup[card.kind.rawValue] = card.id }
        return setup
    }

    /// One task per module: the data and model, local training, aggregation, each add-on method in
    /// its module, and the server's rounds evaluated by `metric`.
    private static func tasks(_ analysis: RequestAnalysis, _ choice: MethodChoice, metric: String) -> [Plan.Task] {
        var tasks: [Plan.Task] = [
            .init(
                module: .task,
                description:
                    """
                    load \(analysis.dataset ?? "the data"), split it over \
                    \(analysis.clientCount.map(String.init) ?? "the") clients the way the request describes, and \
                    build the \(analysis.model ?? "model")
                    """
            ),
            .init(
                module: .client,
                description: choice.primary.localTrainingTask
            ),
            .init(
                module: .strategy,
                description: choice.primary.aggregationTask
            ),
        ]
        for card in choice.addOns {
            tasks.append(
                .init(
                    module: SpecComposer.step(for: card)?.module ?? .strategy,
                    description: card.addOnTask))
        }
        tasks.append(
            .init(
                module: .server,
                description:
                    """
                    run the rounds with the participation and deadline the deployment needs, evaluating by \
                    \(metric) every round
                    """
            ))
        return tasks
    }

    /// How the classes arrive over `tasks` continual tasks, and why there are that many when the
    /// request (`stated`) said otherwise or nothing.
    private static func continualAssumption(tasks: Int, stated: Int?) -> String {
        (stated == nil
            ? "the request states no number of tasks: \(SpecComposer.defaultTasks) by default; "
            : stated == tasks ? "" : "the request's \(stated ?? 0) tasks are capped at the dataset's classes; ")
                + """
                the classes arrive in \(tasks) class-incremental tasks in the dataset's class order, each given an \
                equal share of the rounds
                """
    }

    /// The plan's one-line summary.
    private static func summary(_ analysis: RequestAnalysis, _ choice: MethodChoice) -> String {
        """
        federated \(analysis.model ?? "model") on \(analysis.dataset ?? "unknown data") across \
        \(analysis.clientCount.map(String.init) ?? "?") \(analysis.deviceKind?.rawValue ?? "client")s with \
        \(choice.primary.name)
        """
    }

    /// `plan` naming what runs: a strategy the build replaced is named as the one that runs,
    /// everywhere in the plan; an add-on the build did not keep leaves the setup and the tasks.
    private func namingWhatRuns(_ plan: Plan, _ choice: MethodChoice) -> Plan {
        var plan = plan
        let steps = plan.steps
        if let runs = steps.first(where: { $0.kind == .strategy })?.name, runs != choice.primary.id {
            plan = restated(plan, strategy: runs, replacing: choice.primary.id)
            plan.setup["strategy"] = runs
        }
        for card in choice.addOns where !steps.contains(where: { $0.reason.hasPrefix("\(card.name), ") }) {
            plan.setup[card.kind.rawValue] = nil
            plan.tasks.removeAll { $0.description.hasPrefix(card.addOnTaskPrefix) }
        }
        return plan
    }

    /// The reflector's checks: every essential is known, every module has a task, the strategy exists.
    package func reflect(on plan: Plan) -> Reflection {
        var missing: [String] = []
        for key in ["dataset", "model", "clients", "metric", "strategy"] where plan.setup[key] == nil {
            missing.append("the plan does not say which \(key) to use")
        }
        for module in FederationSpec.Module.allCases where !plan.tasks.contains(where: { $0.module == module }) {
            missing.append("no task builds the \(module.rawValue) module")
        }
        if let c = plan.setup["clients"] {
            if let n = Int(c.trimmingCharacters(in: .whitespaces)) {
                if n < 2 { missing.append("federated learning needs at least 2 clients, the plan has \(n)") }
                if n > TopologyReader.maxClients {
                    missing.append(
                        """
                        a run holds at most \(TopologyReader.maxClients) clients (a topology's limit), the plan has \
                        \(n)
                        """
                    )
                }
            } else {
                missing.append("the plan's client count '\(c)' is not a whole number")
            }
        }
        missing += plan.questions.map { "unanswered: \($0)" }
        return missing.isEmpty ? .complete : .incomplete(missing: missing)
    }

    /// The supervisor's blueprint: task first, then the client's training on it, the strategy that
    /// aggregates it, and the server that runs them all.
    package func blueprint(for plan: Plan) -> Blueprint {
        let order: [(FederationSpec.Module, [FederationSpec.Module])] = [
            (.task, []), (.client, [.task]), (.strategy, [.client]), (.server, [.task, .client, .strategy]),
        ]
        return Blueprint(
            steps: order.map { module, deps in
                Blueprint.Step(
                    module: module, dependsOn: deps, tasks: plan.tasks.filter { $0.module == module }.map(\.description)
                )
            })
    }

    static func apply(_ feedback: [String], to a: inout RequestAnalysis) {
        for line in feedback {
            let parts = line.split(separator: ":", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "clients": if let n = Int(parts[1]) { a.clientCount = n; a.missing.removeAll { $0 == .clientCount } }
            case "model": a.model = parts[1]; a.missing.removeAll { $0 == .model }
            case "dataset": a.dataset = parts[1]; a.missing.removeAll { $0 == .dataset }
            case "rounds": if let n = Int(parts[1]) { a.rounds = n }
            default: continue
            }
        }
    }
}
