import Learning

/// A client's local training on Learning's models: its slice of a shared dataset (an index list, no
/// copy), a model, and SGD. The algorithm's client-side terms come from ``ClientAlgorithmState``.
public final class ModelTrainer: LocalTrainer {
    private let training: SupervisedTraining
    private let trainIndices: [Int]
    private let evaluationIndices: [Int]?
    private let evaluationData: Dataset?
    private var algorithm = ClientAlgorithmState()

    /// - Parameters:
    ///   - trainIndices: the client's samples in `dataset`.
    ///   - evaluation: where `evaluate` measures: a held-out index list of `dataset`, or a whole other
    ///     dataset (the server's test set).
    public init(model: any TrainableModel, dataset: Dataset, trainIndices: [Int], evaluation: Evaluation) throws(LearningError) {
        training = try SupervisedTraining(model: model, dataset: dataset)
        self.trainIndices = trainIndices
        switch evaluation {
        case .heldOut(let indices): evaluationIndices = indices; evaluationData = nil
        case .dataset(let data): evaluationIndices = nil; evaluationData = data
        }
    }

    public enum Evaluation {
        case heldOut([Int])
        case dataset(Dataset)
    }

    public var parameterCount: Int { training.model.parameterCount }
    public var sampleCount: Int { trainIndices.count }
    public var parameterGroups: [ParameterGroup] { training.model.parameterGroups.map { ParameterGroup(name: $0.name, range: $0.range) } }

    public func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        let model = training.model
        model.parameters = algorithm.startingParameters(global: parameters, hooks: hooks, groups: parameterGroups)
        var sgd = try SGD(learningRate: plan.learningRate, momentum: plan.momentum, weightDecay: plan.weightDecay)
        let adjust = algorithm.gradientAdjustment(global: parameters, hooks: hooks)
        let outcome = training.train(indices: trainIndices, epochs: plan.epochs, batchSize: plan.batchSize, optimizer: &sgd, seed: plan.seed, adjustGradient: adjust)
        guard model.parameters.allSatisfy(\.isFinite) else {
            throw FederationError(.invalidUpdate, "local training diverged (non-finite weights): lower the learning rate (now \(plan.learningRate))")
        }
        let extras = algorithm.finish(global: parameters, local: model.parameters, steps: outcome.steps, learningRate: plan.learningRate, hooks: hooks,
                                      groups: parameterGroups)
        return LocalFit(parameters: model.parameters, trainLoss: outcome.meanLoss, steps: outcome.steps, flops: outcome.flops,
                        controlVariateDelta: extras.controlVariateDelta, personalRanges: extras.personalRanges)
    }

    public func evaluate(_ parameters: [Float]) throws -> LocalEvaluation {
        training.model.parameters = algorithm.evaluationParameters(global: parameters)
        let r = evaluationData.map { training.evaluate(on: $0) } ?? training.evaluate(indices: evaluationIndices ?? trainIndices)
        return LocalEvaluation(loss: r.loss, accuracy: r.accuracy, sampleCount: r.count)
    }
}
