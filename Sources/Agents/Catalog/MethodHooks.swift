/// Where a method plugs into a client's local round.
///
/// The names are the extension points a module coder must implement on the client side; a card
/// lists the ones its method needs, and the catalog loader rejects names not listed here.
package enum ClientHook: String, Codable, CaseIterable, Sendable {
    /// Plain local SGD on the received global model.
    case localTraining
    /// Adds a term to the local loss (proximal, contrastive, dynamic, importance-weighted).
    case lossRegularizer
    /// Keeps and sends a control variate that corrects the local gradient.
    case controlVariate
    /// Keeps state across rounds (previous local model, gradient memory, residuals).
    case persistentState
    /// Reports how many local steps were taken so the server can normalise.
    case reportLocalSteps
    /// Reports the local loss (for fairness weighting or loss-based selection).
    case reportLoss
    /// Keeps some layers or statistics local and never uploads them.
    case keepLocalLayers
    /// Clips the update and possibly adds noise before upload.
    case clipUpdate
    /// Compresses the upload (quantise, sparsify).
    case compressUpdate
    /// Adds the residual of the last compression to the next update.
    case errorFeedback
    /// Trains a sub-network (a width slice) of the global model.
    case trainSubModel
    /// Fine-tunes the global model locally before evaluation.
    case fineTuneBeforeEvaluation
    /// Chooses which local samples to label or train on.
    case selectSamples
    /// Stores a few past samples and mixes them into later tasks.
    case replayBuffer
    /// Estimates parameter importance at the end of a task.
    case parameterImportance
    /// Pushes an update whenever ready instead of in a synchronous round.
    case asynchronousUpload
}

/// Where a method plugs into the server's round.
package enum ServerHook: String, Codable, CaseIterable, Sendable {
    /// Sample-weighted average of the client models.
    case weightedAverage
    /// Applies the averaged update with a server optimiser (momentum, Adagrad, Adam, Yogi).
    case serverOptimizer
    /// Rescales each client's update by its number of local steps.
    case normalizeByLocalSteps
    /// Keeps and broadcasts server-side state (global control variate, dynamic state).
    case serverState
    /// Robust aggregation: coordinate-wise median, trimmed mean or Krum scoring.
    case robustAggregation
    /// Aggregates only the shared layers or parameters.
    case partialAggregation
    /// Weights clients by their loss for fairness.
    case lossWeighting
    /// Adds calibrated noise to the aggregate.
    case addNoise
    /// Aggregates a buffer of asynchronous updates once it is full.
    case bufferedAggregation
    /// Averages each parameter over the clients whose sub-model holds it.
    case sliceAwareAggregation
    /// Chooses which clients to invite each round.
    case selectClients
    /// Invites more clients than needed and closes the round at the first K replies.
    case overSelect
    /// Decompresses client uploads before aggregation.
    case decompressUpdates
    /// Tells clients when a new task starts.
    case announceTask
}
