extension Plan {
    /// The plan restated for the method a committee chose (`method`, assembled with `steps`) over the
    /// team's `previous`: the summary, the setup, the client, strategy and add-on tasks and the
    /// steps name the chosen method from its catalog cards, so the plan never names a method the
    /// system will not run; `committee` says the committee chose it, with its trial score against the
    /// others (`line`). The team's own method keeps its text and gains only that line.
    package func chosen(
        _ method: ProposedMethod, steps: [PlanStep], over previous: ProposedMethod?, line: String,
        catalog: MethodCatalog
    ) -> Plan {
        var plan = self
        plan.committee = line
        guard method != previous, let card = catalog.card(id: method.strategy) else { return plan }
        let addOns = method.addOns.compactMap { catalog.card(id: $0) }
        let oldNames = previous.map { ([$0.strategy] + $0.addOns).compactMap { catalog.card(id: $0)?.name } } ?? []
        let oldName = oldNames.first ?? ""
        let name = ([card.name] + addOns.map(\.name)).joined(separator: " + ")
        plan.summary =
            !oldName.isEmpty && summary.hasSuffix(" with \(oldName)")
            ? String(summary.dropLast(oldName.count)) + name : summary + " (method: \(name))"
        plan.setup["strategy"] = method.strategy
        for kind in MethodCard.Kind.allCases where kind != .strategy { plan.setup[kind.rawValue] = nil }
        for addOn in addOns { plan.setup[addOn.kind.rawValue] = addOn.id }
        let addOnPrefixes = catalog.cards.filter { $0.kind != .strategy }.map(\.addOnTaskPrefix)
        plan.tasks.removeAll { task in addOnPrefixes.contains { task.description.hasPrefix($0) } }
        for i in plan.tasks.indices {
            switch plan.tasks[i].module {
            case .client where plan.tasks[i].description.hasPrefix("local training:"):
                plan.tasks[i].description = card.localTrainingTask
            case .strategy where plan.tasks[i].description.hasPrefix("aggregate with "):
                plan.tasks[i].description = card.aggregationTask
            default:
                break
            }
        }
        let at = plan.tasks.firstIndex { $0.module == .server } ?? plan.tasks.endIndex
        plan.tasks.insert(
            contentsOf: addOns.map {
                Task(
                    module: SpecComposer.step(for: $0)?.module ?? .strategy,
                    description: $0.addOnTask)
            }, at: at)
        plan.steps = steps
        return plan
    }
}

extension CommitteeOutcome {
    /// The choice in one line for the plan and the topology file: the method, who chose it, and its
    /// trial score against the other proposals'; nil when nothing was chosen.
    package var choiceLine: String? {
        guard let chosen, let winner = candidates.first(where: { $0.method == chosen }) else { return nil }
        let others =
            candidates.filter { $0.method != chosen }.map { "\($0.method.text) \($0.trialText)" }
            + refused.map { "\($0.method.text) not assembled" }
        return
            """
            \(chosen.text), chosen by a committee of \(reviewers) reviewer(s) from \(candidates.count) trial(s) by \
            \(metric.name): \(winner.trialText)
            """
                + (others.isEmpty ? "" : " against " + others.joined(separator: ", "))
    }
}
