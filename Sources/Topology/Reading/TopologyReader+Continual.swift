import Federation

extension TopologyReader {
    /// `continual: {tasks: 5, rounds_per_task: 2, replay: {memory: 200, share: 0.5}, ewc: {lambda:
    /// 100, fisher_samples: 200}}`: class-incremental tasks (``ContinualLearning``). `rounds_per_task`
    /// defaults to the training rounds over the tasks; that the two agree, and that the dataset has
    /// enough classes, is checked with the other settings (``TopologySpec/continualProblems()``).
    static func readContinual(_ value: YAMLValue?, rounds: Int) -> ContinualLearning? {
        guard let m = value?.mapping() else { return nil }
        let tasks = m.required("tasks", "the number of task waves the classes arrive in (e.g. 5)")?.int(2...1_000)
        let perTask = m.optional("rounds_per_task")?.int(1...100_000)
        let replay = readReplay(m.optional("replay"))
        let ewc = readEWC(m.optional("ewc"))
        m.finish()
        guard let tasks else { return nil }
        return try? ContinualLearning(
            tasks: tasks, roundsPerTask: perTask ?? max(1, rounds / tasks), replay: replay, ewc: ewc)
    }

    /// `replay: {memory: M, share: s}` (nil: absent, or unreadable: the issue is recorded).
    private static func readReplay(_ value: YAMLValue?) -> ExperienceReplay? {
        guard let m = value?.mapping() else { return nil }
        let memory = m.required("memory", "the samples each client's replay memory holds (e.g. 200)")?.int(
            1...100_000)
        let share = m.optional("share")?.double(0.05...0.9, "a share of each epoch in [0.05, 0.9]")
        m.finish()
        guard let memory else { return nil }
        return try? ExperienceReplay(memory: memory, share: share ?? 0.5)
    }

    /// `ewc: {lambda: λ, fisher_samples: N}` (nil: absent, or unreadable: the issue is recorded).
    private static func readEWC(_ value: YAMLValue?) -> ElasticWeightConsolidation? {
        guard let m = value?.mapping() else { return nil }
        let lambda = m.required("lambda", "the penalty's strength, a number ≥ 0 (e.g. 100)")?.double(
            0...1e9, "a number from 0 to 1e9")
        let samples = m.optional("fisher_samples")?.int(1...10_000)
        m.finish()
        guard let lambda else { return nil }
        return try? ElasticWeightConsolidation(lambda: Float(lambda), fisherSamples: samples ?? 200)
    }
}
