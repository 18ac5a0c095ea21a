/// How a plan describes a strategy card's tasks, in one place for the planner and the committee.
extension MethodCard {
    /// The client's local-training task when this strategy runs: plain SGD, or with the strategy's own
    /// client-side hooks.
    var localTrainingTask: String {
        "local training: one epoch of minibatch SGD per round"
            + (clientHooks.contains(.localTraining)
                ? "" : " with \(name)'s client-side \(clientHooks.map(\.rawValue).joined(separator: ", "))")
    }

    /// The aggregation task: the method, its source and idea.
    var aggregationTask: String { "aggregate with \(name) (\(citation.authors), \(citation.year)): \(idea)" }

    /// The task an add-on card adds to a plan: its name, kind and idea.
    var addOnTask: String { addOnTaskPrefix + "\(kind.rawValue)): \(idea)" }

    /// How ``addOnTask`` begins, to find the task again in a plan.
    var addOnTaskPrefix: String { "add \(name) (" }
}
