extension ExpertPlanner {
    /// `plan` restated for strategy `id` when another role (the LLM planner) chose it over the
    /// expert's `previous`: the summary, the client task and the strategy task name the strategy that
    /// will run, from its catalog card, and so does its strategy step, so the plan never promises a
    /// method the system will not have.
    /// Unchanged when the catalog has no card for either.
    func restated(_ plan: Plan, strategy id: String, replacing previous: String) -> Plan {
        let catalog = chooser.retriever.catalog
        guard id != previous, let card = catalog.card(id: id), let old = catalog.card(id: previous) else { return plan }
        var restated = plan
        restated.summary =
            plan.summary.hasSuffix(" with \(old.name)")
            ? String(plan.summary.dropLast(old.name.count)) + card.name : plan.summary + " (strategy: \(card.name))"
        for i in restated.tasks.indices {
            switch restated.tasks[i].module {
            case .client:
                restated.tasks[i].description = card.localTrainingTask
            case .strategy where restated.tasks[i].description.hasPrefix("aggregate with \(old.name) "):
                restated.tasks[i].description = card.aggregationTask
            default:
                break
            }
        }
        for i in restated.steps.indices where restated.steps[i].kind == .strategy {
            restated.steps[i] = PlanStep(.strategy, id, reason: "the chosen strategy, \(card.name)")
        }
        return restated
    }
}
