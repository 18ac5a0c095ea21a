import Learning

/// A topology's model as the run builds it for its dataset, found before any node starts: the zoo
/// model is built for the dataset's ``DatasetFacts`` exactly as ``LearningTrainerFactory`` builds it
/// (same shape, classes and width), without loading the data or drawing weights, so a model that
/// does not fit the samples is refused with the zoo's own message.
package struct ModelFit: Sendable, Equatable {
    package let parameterCount: Int
    /// Whether some parameter shapes the input of the last layer (``RepresentationModel``): MOON's
    /// contrastive term needs one, and logreg has none.
    package let hasLearnedRepresentation: Bool
    /// The names of the model's parameter groups (`bn…` for BatchNorm, which FedBN keeps local).
    package let groupNames: [String]
    /// Layers with parameters, as FedPer counts them (``ParameterGroup/layer``).
    package var layerCount: Int { ParameterGroup.layers(of: groupNames).count }

    /// Builds `model` at `width` for `dataset`; throws, saying what fits, when it cannot be built.
    package init(model: String, width: Double, dataset: String) throws(FederationError) {
        guard let facts = DatasetFacts.of(dataset) else { throw LearningTrainerFactory.unknownDataset(dataset) }
        guard LearningTrainerFactory.models.contains(model) else {
            throw FederationError(
                .invalidSetting,
                """
                model '\(model)' is not available in this build; available: \
                \(LearningTrainerFactory.models.joined(separator: ", "))
                """
            )
        }
        let built: any TrainableModel
        do {
            built = try ModelZoo.make(
                model, sampleShape: facts.sampleShape, classes: facts.classes, width: width, seed: nil)
        } catch {
            throw FederationError(.invalidSetting, "\(model) cannot be built for \(dataset): \(error.message)")
        }
        parameterCount = built.parameterCount
        hasLearnedRepresentation = (built as? any RepresentationModel)?.hasLearnedRepresentation ?? false
        groupNames = built.parameterGroups.map(\.name)
    }
}
