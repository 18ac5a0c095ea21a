/// Assembles a committee proposal — a whole method — into a spec through the composer the plan
/// uses (``SpecComposer``), on the workflow's evaluated spec.
///
/// The evaluated spec keeps what the team built and tested for the request (data, split,
/// corruptions, model, training settings, rounds, participation; the debugger's repairs); the
/// method's parts are the composer's for the proposed cards: the strategy module (strategy,
/// options, sampling, compression), the client hooks (small-loss filter, fine-tuning, replay, EWC),
/// class-incremental tasks, over-commitment and a round deadline where the method needs one.
/// Federated evaluation stays on when the evaluated spec had it, so every trial is measured alike.
/// What this build cannot run is substituted as for the team (HeteroFL off the cnn), and then the
/// plan-vs-topology check (``PlanConformance``) compares the method's steps, and the plan's
/// partition, corruption and metric steps, with the topology: a proposal whose topology misses a
/// step is refused, saying which. The team's own method, at its defaults, is the evaluated spec
/// unchanged while that spec still runs every step of the plan.
package struct CommitteeAssembly: Sendable {
    package let catalog: MethodCatalog
    package let analyzer: RequestAnalyzer

    package init(catalog: MethodCatalog, analyzer: RequestAnalyzer = RequestAnalyzer()) {
        self.catalog = catalog
        self.analyzer = analyzer
    }

    /// A proposal as the build will run it: its spec and the steps the plan promises for it.
    package struct Assembled: Sendable, Equatable {
        package var spec: FederationSpec
        package var steps: [PlanStep]
    }

    /// `method` assembled on `base`, the spec the team evaluated for `plan`, or why it cannot run.
    /// `strategies` are those this build runs.
    package func assemble(
        _ method: ProposedMethod, on base: FederationSpec, plan: Plan, strategies: [String]
    ) throws(ProposalRefused) -> Assembled {
        let method = try method.checked(in: catalog, strategies: strategies)
        if method == teamMethod(plan), method.options.isEmpty, PlanConformance.differences(plan.steps, in: base).isEmpty
        {
            return Assembled(spec: base, steps: plan.steps)
        }
        guard let choice = method.choice(in: catalog) else {
            throw ProposalRefused("\(method.text) names a card the catalog lacks")
        }
        var analysis = analyzer.analyze(plan.request + " " + plan.revisions.joined(separator: " "))
        ExpertPlanner.apply(plan.revisions, to: &analysis)
        let composer = SpecComposer()
        let composed = composer.compose(name: base.name, analysis, choice)
        var spec = base
        spec.strategy = composed.strategy
        let setsStrategyOptions = choice.primary.hyperParameters.contains { method.options[$0.name] != nil }
        if method.strategy == base.strategy.name, !setsStrategyOptions { spec.strategy.options = base.strategy.options }
        spec.client.sampleFilter = composed.client.sampleFilter
        spec.client.fineTuneSteps = composed.client.fineTuneSteps
        spec.client.replay = composed.client.replay
        spec.client.ewc = composed.client.ewc
        spec.task.tasks = composed.task.tasks
        spec.task.holdout = max(base.task.holdout, composed.task.holdout)
        spec.server.overcommit = composed.server.overcommit
        spec.server.deadlineSeconds = base.server.deadlineSeconds ?? composed.server.deadlineSeconds
        spec.server.federatedEvaluation = base.server.federatedEvaluation || composed.server.federatedEvaluation
        let old = "-\(base.strategy.name)-"
        spec.name =
            base.name.contains(old)
            ? base.name.replacingOccurrences(of: old, with: "-\(method.slug)-") : "\(base.name)-\(method.slug)"
        let none = Capabilities(models: [], strategies: [], partitions: [], datasets: [])
        let (substituted, notes) = composer.substitute(spec, within: none)
        let methodKinds: Set<PlanStep.Kind> = [.strategy, .clientHook, .serverHook, .tasks]
        let steps =
            composer.steps(analysis, choice).steps.filter { methodKinds.contains($0.kind) }
            + plan.steps.filter { !methodKinds.contains($0.kind) }
        let differences = PlanConformance.differences(steps, in: substituted)
        guard differences.isEmpty else {
            throw ProposalRefused(
                (notes.isEmpty ? "" : notes.joined(separator: "; ") + ": ") + differences.joined(separator: "; "))
        }
        return Assembled(spec: substituted, steps: steps)
    }

    /// The method the team's plan builds: its strategy and the add-ons its setup names.
    package func teamMethod(_ plan: Plan) -> ProposedMethod? {
        guard let strategy = plan.setup["strategy"] else { return nil }
        let addOns = MethodCard.Kind.allCases.filter { $0 != .strategy }.compactMap { kind in
            plan.setup[kind.rawValue].flatMap { catalog.card(id: $0)?.kind == kind ? $0 : nil }
        }
        return ProposedMethod(strategy: strategy, addOns: addOns)
    }
}
