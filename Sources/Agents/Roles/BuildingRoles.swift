import ActorMesh
import Distributed
import Federation

/// What a module coder is asked: write its module of the spec for the plan, fixing the tester's
/// failures of the previous attempt.
package struct ModuleAssignment: Codable, Sendable, Equatable {
    package var plan: Plan
    package var draft: FederationSpec?
    package var failures: [String]

    package init(plan: Plan, draft: FederationSpec?, failures: [String]) {
        self.plan = plan
        self.draft = draft
        self.failures = failures
    }
}

/// Module coder: writes one module of the spec and, given the tester's failures, repairs it — by the
/// expert's composition rules, or by an LLM whose module is validated (``CoderPrompt``) with the
/// expert's version as its fallback.
package distributed actor ModuleCoderAgent {
    package typealias ActorSystem = MeshSystem
    package let module: FederationSpec.Module
    private let chooser: MethodChooser
    private let capabilities: Capabilities
    private let llm: ChatClient?

    package init(
        actorSystem: MeshSystem, module: FederationSpec.Module, chooser: MethodChooser, capabilities: Capabilities,
        llm: ChatClient? = nil
    ) {
        self.actorSystem = actorSystem
        self.module = module
        self.chooser = chooser
        self.capabilities = capabilities
        self.llm = llm
    }

    package distributed func write(_ assignment: ModuleAssignment) async -> Decided<FederationSpec> {
        let (rules, base) = expertWrite(assignment)
        guard let llm else { return .expert(rules) }
        let prompt = CoderPrompt(module: module, caps: capabilities)
        return await llm.decide(
            prompt.query(plan: assignment.plan, base: base, expert: rules, failures: assignment.failures), expert: rules
        )
    }

    /// The expert's module in the spec, and the spec it started from (the draft, or a fresh composition).
    private func expertWrite(_ assignment: ModuleAssignment) -> (written: FederationSpec, base: FederationSpec) {
        let request = assignment.plan.request + " " + assignment.plan.revisions.joined(separator: " ")
        var analysis = chooser.analyzer.analyze(request)
        ExpertPlanner.apply(assignment.plan.revisions, to: &analysis)
        let choice = chooser.choose(for: assignment.plan.request, analysis: analysis)
        let composer = SpecComposer()
        let base = assignment.draft ?? composer.compose(name: Self.name(for: assignment.plan), analysis, choice)
        var spec = base
        if !assignment.failures.isEmpty {
            // Repair: the tester's failure is a runtime finding the debugger's rules know how to fix.
            let diagnosis = Diagnosis(
                issues: assignment.failures.map { .init(level: .l1Runtime, finding: .invalidSpec, detail: $0) },
                accuracy: nil)
            return (ExpertDebugger().patch(spec, for: diagnosis)?.spec ?? spec, base)
        }
        switch module {
        case .task: spec.task = composer.task(analysis, choice)
        case .client: spec.client = composer.client(analysis, task: spec.task, choice: choice)
        case .strategy:
            spec.strategy = composer.strategy(choice)
            // The planner's backend may have chosen another (runnable) strategy: it wins.
            if let chosen = assignment.plan.setup["strategy"], chosen != spec.strategy.name,
                capabilities.strategies.contains(chosen)
            {
                spec.strategy.name = chosen
                spec.strategy.options = [:]
            }
        case .server: spec.server = composer.server(analysis, choice)
        }
        // What this build cannot run is replaced; the planner already listed the same substitutions.
        return (composer.substitute(spec, within: capabilities).spec, base)
    }

    /// A file-friendly name from the plan's setup.
    static func name(for plan: Plan) -> String {
        let parts = ["auto", plan.setup["model"], plan.setup["strategy"], plan.setup["clients"].map { "\($0)c" }]
            .compactMap { $0 }
        return parts.joined(separator: "-")
    }
}

/// Module tester: executes the checks of one module (``ModuleTester``), including the plan-vs-topology
/// check of the plan's steps it builds, and returns its failures.
package distributed actor ModuleTesterAgent {
    package typealias ActorSystem = MeshSystem
    package let module: FederationSpec.Module
    private let tester: ModuleTester

    package init(actorSystem: MeshSystem, module: FederationSpec.Module, tester: ModuleTester) {
        self.actorSystem = actorSystem
        self.module = module
        self.tester = tester
    }

    /// The module's checks on `spec`, and the plan-vs-topology check of the plan's steps it builds.
    package distributed func test(_ spec: FederationSpec, against plan: Plan) -> [String] {
        tester.check(module, of: spec, against: plan)
    }
}
