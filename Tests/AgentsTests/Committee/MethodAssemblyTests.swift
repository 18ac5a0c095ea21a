import Agents
import Federation
import Testing
import Topology

/// Proposals are whole methods: read against the catalog, assembled by the plan's composer into
/// topologies that hold every hook, and named by the plan once a committee chooses one.
struct MethodAssemblyTests {
    let chooser: MethodChooser
    let catalog: MethodCatalog
    static let strategies = StrategyCatalog.available
    static let request = "10 phones whose labels were often annotated wrongly train a CNN on Fashion-MNIST."

    init() throws {
        guard let chooser = AgentTestKit.chooser else { throw AgentTestKit.TestSetupError() }
        self.chooser = chooser
        catalog = chooser.retriever.catalog
    }

    /// The team's plan for `request` and the spec its coders would write for it.
    func team(_ request: String = Self.request) -> (plan: Plan, base: FederationSpec) {
        let plan = ExpertPlanner(chooser: chooser, capabilities: LLMTestKit.capabilities).plan(request)
        let (analysis, choice) = chooser.choose(for: request)
        let composer = SpecComposer()
        let name = "auto-cnn-\(plan.setup["strategy"] ?? "?")-10c"
        let base = composer.substitute(composer.compose(name: name, analysis, choice), within: LLMTestKit.capabilities)
        return (plan, base.spec)
    }

    @Test func methodIdsAreReadAgainstTheCatalog() throws {
        func read(_ text: String, _ options: [String: Double] = [:]) throws -> ProposedMethod {
            try ProposedMethod.read(text, options: options, catalog: catalog, strategies: Self.strategies)
        }
        #expect(
            try read("FedAvg + small-loss-filter") == ProposedMethod(strategy: "fedavg", addOns: ["small-loss-filter"]))
        #expect(try read("small-loss-filter+fedmedian").id == "fedmedian + small-loss-filter", "strategy first")
        #expect(try read("fedprox + topk+q8").addOns == ["topk+q8"], "an id holding + is matched whole")
        #expect(try read("fedprox + local-finetune + power_of_choice").addOns == ["power_of_choice", "local-finetune"])
        #expect(try read("fedprox", ["mu": 0.5]).text == "fedprox (mu=0.5)")

        let refusals: [(String, [String: Double], String)] = [
            ("fedavg + unicorn-dust", [:], "\"unicorn-dust\" is not in the catalog"),
            ("the best one", [:], "is not in the catalog"),
            ("fedavg + fedprox", [:], "names 2 strategies"),
            ("small-loss-filter", [:], "names no strategy"),
            ("fedavg + topk + topk+q8", [:], "are both compression methods"),
            ("fedavg +", [:], "is not a method id"),
            ("fedavg", ["drop_fraction": 0.3], "option drop_fraction is set by none of fedavg"),
            ("fedavg + q8", ["bits": 4], "option bits is set by none"),
            ("fedavg + small-loss-filter", ["drop_fraction": 2], "outside its range 0...0.9"),
        ]
        for (text, options, message) in refusals {
            let error = #expect(throws: ProposalRefused.self) { try read(text, options) }
            #expect(error?.description.contains(message) == true, "\(text): \(String(describing: error))")
        }
        #expect(throws: ProposalRefused.self) {
            try ProposedMethod.read("fedprox", catalog: catalog, strategies: ["fedavg"])
        }
    }

    /// One assembled proposal per kind of add-on: the topology read back from the spec's YAML holds
    /// the hook, and the plan-vs-topology check finds every step of the method.
    @Test func everyKindOfAddOnIsAssembledIntoTheTopology() throws {
        let (plan, base) = team()
        let assembly = CommitteeAssembly(catalog: catalog)
        let checks: [(String, (TopologySpec) -> Bool)] = [
            ("small-loss-filter", { ($0.sampleFilter?.dropFraction ?? 0) > 0 }),
            ("local-finetune", { $0.evaluation.fineTuneSteps == 5 && $0.evaluation.federated }),
            (
                "power_of_choice",
                {
                    if case .powerOfChoice = $0.participation.sampling { true } else { false }
                }
            ),
            ("by_size", { $0.participation.sampling == .bySize }),
            ("q8", { $0.compression.kind == "q8" }),
            ("topk", { $0.compression.kind == "topk" }),
            ("overcommit", { $0.participation.overcommit > 0 }),
            ("replay", { $0.continual?.replay != nil && $0.continual?.tasks == 5 }),
            ("ewc", { ($0.continual?.ewc?.lambda ?? 0) > 0 }),
        ]
        for (addOn, holds) in checks {
            let method = ProposedMethod(strategy: "fedavg", addOns: [addOn])
            let assembled = try assembly.assemble(method, on: base, plan: plan, strategies: Self.strategies)
            let topology = try assembled.spec.topology()
            #expect(holds(topology), "\(addOn) in \(assembled.spec.topologyYAML())")
            #expect(topology.strategy.name == "fedavg")
            #expect(PlanConformance.differences(assembled.steps, in: assembled.spec).isEmpty)
            let card = try #require(catalog.card(id: addOn))
            #expect(
                assembled.steps.contains { $0.reason == "\(card.name), the chosen \(card.kind.rawValue) method" },
                "\(addOn): \(assembled.steps.map(\.text))")
            // The team's own method (FedAvg + the filter, for these noisy labels) is the spec it evaluated.
            let teams = assembly.teamMethod(plan) == method
            #expect(assembled.spec.name == (teams ? base.name : "auto-cnn-fedavg+\(addOn)-10c"), "\(addOn)")
            #expect(!teams || assembled.spec == base)
            #expect(assembled.spec.task.corruptions == base.task.corruptions, "the request's noise stays")
        }
    }

    @Test func strategiesAndOptionsAreAssembledAndTheTeamsMethodIsTheEvaluatedSpec() throws {
        let (plan, base) = team()
        let assembly = CommitteeAssembly(catalog: catalog)
        let teamMethod = try #require(assembly.teamMethod(plan))
        #expect(try assembly.assemble(teamMethod, on: base, plan: plan, strategies: Self.strategies).spec == base)

        let prox = try assembly.assemble(
            ProposedMethod(
                strategy: "fedprox", addOns: ["small-loss-filter"], options: ["mu": 0.5, "drop_fraction": 0.4]),
            on: base, plan: plan, strategies: Self.strategies)
        let topology = try prox.spec.topology()
        #expect(topology.strategy.name == "fedprox" && prox.spec.strategy.options["mu"] == 0.5)
        #expect(topology.sampleFilter?.dropFraction == 0.4)
        #expect(prox.spec.client.learningRate == base.client.learningRate && prox.spec.task == base.task)

        let hetero = try assembly.assemble(
            ProposedMethod(strategy: "heterofl"), on: base, plan: plan, strategies: Self.strategies)
        #expect(try hetero.spec.topology().strategy.name == "heterofl")
        #expect(hetero.steps.contains(PlanStep(.strategy, "heterofl", reason: "the chosen strategy, HeteroFL")))

        // HeteroFL slices the cnn only: on logistic regression the build would run FedAvg, so it is refused.
        let (logregPlan, logreg) = team(
            "10 phones whose labels were often annotated wrongly; logistic regression on Fashion-MNIST.")
        let refused = #expect(throws: ProposalRefused.self) {
            try assembly.assemble(
                ProposedMethod(strategy: "heterofl"), on: logreg, plan: logregPlan, strategies: Self.strategies)
        }
        #expect(refused?.description.contains("plan-vs-topology: the plan's strategy heterofl") == true)
    }

    /// The committee chose another method than the team's: the plan names it everywhere and says so.
    @Test func theRestatedPlanNamesTheCommitteesMethod() throws {
        let (plan, base) = team()
        let assembly = CommitteeAssembly(catalog: catalog)
        let teamMethod = try #require(assembly.teamMethod(plan))
        let chosen = ProposedMethod(strategy: "fedprox", addOns: ["local-finetune"])
        try #require(chosen != teamMethod)
        let old = try #require(catalog.card(id: teamMethod.strategy)?.name)
        #expect(plan.text.contains(old))
        let assembled = try assembly.assemble(chosen, on: base, plan: plan, strategies: Self.strategies)

        let restated = plan.chosen(
            chosen, steps: assembled.steps, over: teamMethod, line: "fedprox + local-finetune, chosen by a committee",
            catalog: catalog)

        #expect(restated.summary.hasSuffix("with FedProx + Local fine-tuning"), "\(restated.summary)")
        #expect(!restated.text.contains(old), "\(restated.text)")
        #expect(restated.text.contains("Chosen by the committee: fedprox + local-finetune, chosen by a committee"))
        #expect(restated.setup["strategy"] == "fedprox" && restated.setup["personalization"] == "local-finetune")
        #expect(restated.setup["dataCleaning"] == nil, "no add-on of the team's method stays in the setup")
        #expect(restated.tasks.contains { $0.description.hasPrefix("add Local fine-tuning (personalization)") })
        #expect(!restated.tasks.contains { $0.description.hasPrefix("add Small-loss") })
        #expect(restated.steps == assembled.steps)
        #expect(PlanConformance.differences(restated.steps, in: assembled.spec).isEmpty)
    }
}
