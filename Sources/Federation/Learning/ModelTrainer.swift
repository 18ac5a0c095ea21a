import Learning

/// A client's local training on Learning's models: its slice of a shared dataset (an index list, no
/// copy), a model, and SGD. The algorithm's client-side terms come from ``ClientAlgorithmState``.
package final class ModelTrainer: LocalTrainer {
    private let makeModel: () throws -> any TrainableModel
    private let dataset: Dataset
    private var resident: SupervisedTraining?
    private let trainIndices: [Int]
    private let evaluationIndices: [Int]?
    private let evaluationData: Dataset?
    private var algorithm = ClientAlgorithmState()
    package let parameterCount: Int
    package let parameterGroups: [ParameterGroup]
    /// The zoo model this trainer trains, as ``LearningTrainerFactory`` built it (nil otherwise).
    package var modelDescription: ModelDescription?
    package let sampleFLOPs: SampleFLOPs?
    /// The small-loss filter and local fine-tuning this client applies (``ClientMethods``).
    package var methods = ClientMethods()
    /// Continual learning's per-client state (its task split, replay memory, EWC penalty), made by
    /// ``LearningTrainerFactory`` when ``methods`` has tasks; nil: every fit trains on all the data.
    package var continual: ContinualClientState?

    /// - Parameters:
    ///   - trainIndices: the client's samples in `dataset`.
    ///   - evaluation: where `evaluate` measures: a held-out index list of `dataset`, or a whole other
    ///     dataset (the server's test set).
    package convenience init(model: any TrainableModel, dataset: Dataset, trainIndices: [Int], evaluation: Evaluation)
        throws(LearningError)
    {
        try self.init(
            makeModel: { model }, keepsModel: true, dataset: dataset, trainIndices: trainIndices, evaluation: evaluation
        )
    }

    /// A trainer that builds its model with `makeModel` when it needs one. With `keepsModel` false it
    /// frees the model after every fit and evaluate: a client's weights come from the server each
    /// round (personal state lives in ``ClientAlgorithmState``), so a node hosting a thousand clients
    /// holds only the models of the clients training at that moment, not a thousand.
    package init(
        makeModel: @escaping () throws -> any TrainableModel, keepsModel: Bool, dataset: Dataset, trainIndices: [Int],
        evaluation: Evaluation
    ) throws(LearningError) {
        self.makeModel = makeModel
        self.dataset = dataset
        self.trainIndices = trainIndices
        switch evaluation {
        case .heldOut(let indices): evaluationIndices = indices; evaluationData = nil
        case .dataset(let data): evaluationIndices = nil; evaluationData = data
        }
        let first: any TrainableModel
        do { first = try makeModel() } catch let error as LearningError { throw error } catch {
            throw LearningError(.invalidSetting, "the client's model could not be built: \(error)")
        }
        let training = try SupervisedTraining(model: first, dataset: dataset)
        parameterCount = first.parameterCount
        sampleFLOPs = SampleFLOPs(forward: first.forwardFLOPsPerSample, training: first.trainingFLOPsPerSample)
        parameterGroups = first.parameterGroups.map { ParameterGroup(name: $0.name, range: $0.range) }
        resident = keepsModel ? training : nil
    }

    /// The model and its training loop: the kept one, or a new one for this call.
    private func training() throws -> SupervisedTraining {
        if let resident { return resident }
        return try SupervisedTraining(model: try makeModel(), dataset: dataset)
    }

    package enum Evaluation {
        case heldOut([Int])
        case dataset(Dataset)
    }

    package var sampleCount: Int { trainIndices.count }

    /// The client's training samples per class of its dataset.
    package var trainingLabelCounts: [Int] {
        var counts = [Int](repeating: 0, count: dataset.classCount)
        for i in trainIndices { counts[Int(dataset.labels[i])] += 1 }
        return counts
    }

    package func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        let plan = try plan.validated()
        let training = try training()
        let model = training.model
        let work = continualWork(round: hooks.round ?? 1, seed: plan.seed, training: training, global: parameters)
        model.parameters = algorithm.startingParameters(global: parameters, hooks: hooks, groups: parameterGroups)
        var sgd = try SGD(learningRate: plan.learningRate, momentum: plan.momentum, weightDecay: plan.weightDecay)
        let adjust = Self.combined(
            algorithm.gradientAdjustment(global: parameters, hooks: hooks),
            continual?.gradientAdjustment(learningRate: plan.learningRate))
        let contrastive = try contrastiveLoss(model: model, hooks: hooks, global: parameters)
        let drop = methods.smallLoss?.dropFraction(inRound: hooks.round ?? 1) ?? 0
        var outcome = training.train(
            indices: work?.indices ?? trainIndices, epochs: plan.epochs, batchSize: plan.batchSize, optimizer: &sgd,
            seed: plan.seed, adjustGradient: adjust, batchLoss: contrastive, keepFraction: 1 - drop)
        // MOON runs the global and the previous model forward on every batch as well.
        if contrastive != nil { outcome.flops += 2 * Double(outcome.samples) * model.forwardFLOPsPerSample }
        outcome.flops += work?.fisherFLOPs ?? 0
        if let work { continual?.finish(task: work.task, local: model.parameters) }
        guard model.parameters.allSatisfy(\.isFinite) else {
            throw FederationError(
                .invalidUpdate,
                "local training diverged (non-finite weights): lower the learning rate (now \(plan.learningRate))")
        }
        let extras = algorithm.finish(
            global: parameters, local: model.parameters, steps: outcome.steps, learningRate: plan.learningRate,
            hooks: hooks,
            groups: parameterGroups)
        return LocalFit(
            parameters: model.parameters, trainLoss: outcome.meanLoss, steps: outcome.steps, flops: outcome.flops,
            controlVariateDelta: extras.controlVariateDelta, personalRanges: extras.personalRanges)
    }

    /// Continual learning's work for `round`: the task's samples and the replayed ones, after the
    /// Fisher diagonal of a task the client has left is measured (at its last model there, on that
    /// task's samples) and consolidated at `global`, the model the new task starts from. nil
    /// without continual learning.
    private func continualWork(round: Int, seed: UInt64, training: SupervisedTraining, global: [Float]) -> (
        task: Int, indices: [Int], fisherFLOPs: Double
    )? {
        guard var state = continual else { return nil }
        let work = state.begin(round: round, seed: seed)
        var flops = 0.0
        if let request = work.fisher, request.parameters.count == training.model.parameterCount {
            training.model.parameters = request.parameters
            let fisher = training.fisherDiagonal(indices: request.indices)
            state.consolidate(fisher: fisher.values, anchor: global)
            flops = fisher.flops
        }
        continual = state
        return (work.task, work.indices, flops)
    }

    /// Both gradient terms, one after the other (nil when neither).
    private static func combined(_ a: GradientAdjustment?, _ b: GradientAdjustment?) -> GradientAdjustment? {
        guard let a else { return b }
        guard let b else { return a }
        return { gradient, weights in
            a(&gradient, weights)
            b(&gradient, weights)
        }
    }

    /// MOON's batch loss: cross-entropy plus μ·ℓ_con on the representations under the local, global and
    /// previous local models; nil when the round has no contrastive term.
    private func contrastiveLoss(model: any TrainableModel, hooks: ClientHooks, global: [Float]) throws(FederationError)
        -> ((UnsafePointer<Float>, UnsafePointer<Int32>, Int) -> Double)?
    {
        guard let settings = hooks.contrastive else { return nil }
        guard let network = model as? any RepresentationModel, network.hasLearnedRepresentation else {
            throw FederationError(
                .invalidSetting,
                """
                MOON needs a model whose last layer reads a learned representation (2nn or cnn); this client's model \
                (\(type(of: model)), \(model.parameterCount) parameters) has none: choose one of those
                """
            )
        }
        guard let anchors = algorithm.contrastiveAnchors(global: global, hooks: hooks) else { return nil }
        return { input, labels, count in
            let towardsGlobal = network.representation(input, count: count, parameters: anchors.global)
            let previous = network.representation(input, count: count, parameters: anchors.previous)
            return network.lossAndGradient(input, labels: labels, count: count) { z in
                let term = ModelContrastiveLoss.lossAndGradient(
                    z: z, global: towardsGlobal, previous: previous, count: count,
                    temperature: settings.temperature)
                return (Double(settings.mu) * term.loss, term.gradient.map { settings.mu * $0 })
            }
        }
    }

    package func evaluate(_ parameters: [Float]) throws -> LocalEvaluation {
        guard parameters.count == parameterCount else {
            throw FederationError(
                .invalidUpdate,
                "this model has \(parameterCount) parameters; \(parameters.count) were given to evaluate")
        }
        let training = try training()
        training.model.parameters = algorithm.evaluationParameters(global: parameters)
        if let fineTune = methods.fineTune { try adapt(training, with: fineTune) }
        let r =
            evaluationData.map { training.evaluate(on: $0) }
            ?? training.evaluate(indices: evaluationIndices ?? trainIndices)
        return LocalEvaluation(loss: r.loss, accuracy: r.accuracy, sampleCount: r.count)
    }

    /// Local fine-tuning: ``LocalFineTuning/steps`` plain SGD steps on the client's own training data
    /// from the parameters already in the model (the evaluation copy; never uploaded). A client with
    /// no training data evaluates the model as received.
    private func adapt(_ training: SupervisedTraining, with fineTune: LocalFineTuning) throws {
        let order = fineTune.batchOrder(of: trainIndices, seed: UInt64(trainIndices.count))
        guard !order.isEmpty else { return }
        var sgd = try SGD(learningRate: fineTune.learningRate)
        _ = training.train(
            indices: order, epochs: 1, batchSize: fineTune.batchSize, optimizer: &sgd, seed: 0, shuffles: false)
        guard training.model.parameters.allSatisfy(\.isFinite) else {
            throw FederationError(
                .invalidUpdate,
                """
                local fine-tuning diverged (non-finite weights): lower the fine-tuning learning rate (now \
                \(fineTune.learningRate))
                """
            )
        }
    }
}
