import Learning

/// Class-incremental continual learning: the dataset's classes arrive in ``tasks`` waves of
/// ``roundsPerTask`` rounds each (with 10 classes and 5 tasks, classes {0, 1} in rounds 1…R, {2, 3} in
/// rounds R+1…2R, …). During a task's rounds every client trains only on its own samples of that
/// task's classes; after each task's last round the server measures the global model on the test
/// samples of every task seen so far (``ContinualMetrics``). Optionally the clients fight forgetting
/// with experience replay (``ExperienceReplay``) or elastic weight consolidation
/// (``ElasticWeightConsolidation``), or both.
///
/// Read from the topology's `continual:` section; every node builds its clients with the same value
/// (``ClientMethods/continual``) and the server gets it in ``ServerConfig/continual``.
package struct ContinualLearning: Codable, Sendable, Equatable {
    /// How many waves the classes are cut into (2 to the dataset's class count).
    package var tasks: Int
    /// Rounds spent on each task; a run has `tasks × roundsPerTask` rounds.
    package var roundsPerTask: Int
    /// Replay a bounded memory of earlier tasks' samples (nil: none).
    package var replay: ExperienceReplay?
    /// Penalize moving the weights earlier tasks found important (nil: none).
    package var ewc: ElasticWeightConsolidation?

    /// - Throws: ``FederationError`` (`invalidSetting`) for fewer than 2 tasks or fewer than 1 round per task.
    package init(
        tasks: Int, roundsPerTask: Int, replay: ExperienceReplay? = nil, ewc: ElasticWeightConsolidation? = nil
    ) throws(FederationError) {
        guard tasks >= 2 else {
            throw FederationError(
                .invalidSetting,
                "continual learning with \(tasks) task(s): use at least 2 tasks (one wave is no sequence)")
        }
        guard roundsPerTask >= 1 else {
            throw FederationError(.invalidSetting, "rounds_per_task is \(roundsPerTask); use at least 1 round per task")
        }
        self.tasks = tasks
        self.roundsPerTask = roundsPerTask
        self.replay = replay
        self.ewc = ewc
    }

    /// The rounds a run of this schedule has.
    package var rounds: Int { tasks * roundsPerTask }

    /// The task (0-based) whose classes are trained in `round` (1-based); rounds past the schedule
    /// stay on the last task.
    package func task(ofRound round: Int) -> Int {
        min(tasks - 1, max(0, round - 1) / roundsPerTask)
    }

    /// Whether `round` is the last round of its task (the server then measures every task so far).
    package func endsTask(_ round: Int) -> Bool {
        round >= 1 && round <= rounds && round % roundsPerTask == 0
    }

    /// The classes of each task for a dataset of `classes` classes: consecutive groups.
    package func split(classes: Int) throws(FederationError) -> TaskSplit {
        do { return try TaskSplit(classes: classes, tasks: tasks) } catch {
            throw FederationError(.invalidSetting, "continual.tasks: \(error.message)")
        }
    }
}
