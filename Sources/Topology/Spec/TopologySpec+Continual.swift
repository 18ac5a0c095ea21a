import Federation

extension TopologySpec {
    /// Continual learning's settings against the rest: the run has exactly `tasks × rounds_per_task`
    /// rounds (each task gets its rounds, and forgetting is measured at the last task's end), and
    /// the dataset has at least one class per task.
    func continualProblems() -> [TopologyProblem] {
        if continual == nil, let metric = evaluation.metric.flatMap(HeadlineMetric.init(rawValue:)), metric.needsTasks {
            return [
                TopologyProblem(
                    "evaluation.metric",
                    "\(metric.rawValue) is measured over continual learning's tasks: add a continual section (e.g. continual: {tasks: 5}) or choose another metric"
                )
            ]
        }
        guard let continual else { return [] }
        var found: [TopologyProblem] = []
        if continual.rounds != rounds {
            found.append(
                TopologyProblem(
                    "continual.rounds_per_task",
                    "\(continual.tasks) tasks of \(continual.roundsPerTask) rounds are \(continual.rounds) rounds, but training.rounds is \(rounds): set training.rounds to \(continual.rounds), or rounds_per_task so that tasks × rounds_per_task = \(rounds)",
                    near: ["continual.tasks", "continual"]))
        }
        if let facts = DatasetFacts.of(data.dataset), continual.tasks > facts.classes {
            found.append(
                TopologyProblem(
                    "continual.tasks",
                    "\(data.dataset) has \(facts.classes) classes, too few for \(continual.tasks) tasks: use at most \(facts.classes) tasks"
                ))
        }
        return found
    }
}
