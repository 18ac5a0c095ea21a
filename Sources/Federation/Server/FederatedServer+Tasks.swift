extension FederatedServer {
    /// Continual learning: `evaluators[t]` tests the global model on task t's test samples; after
    /// each task's last round the server records the accuracy on every task so far
    /// (``RoundRecord/taskAccuracy``). Call before `run`, with one evaluator per task of
    /// ``ServerConfig/continual``.
    /// - Throws: ``FederationError`` when the run has no tasks or the count differs from its tasks.
    package func useTaskEvaluators(_ evaluators: sending [any LocalTrainer]) throws(FederationError) {
        guard let continual = config.continual else {
            throw FederationError(.invalidSetting, "task evaluators were given to a run without continual tasks")
        }
        guard evaluators.count == continual.tasks else {
            throw FederationError(
                .invalidSetting, "\(evaluators.count) task evaluators were given for \(continual.tasks) tasks")
        }
        taskEvaluators = evaluators
    }
}
