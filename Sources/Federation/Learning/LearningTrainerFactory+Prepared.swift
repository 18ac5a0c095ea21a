import Learning

extension LearningTrainerFactory: PreparedDataTrainerFactory {
    /// The client trains on all of `prepared`, its labels carried onto the dataset's class indices
    /// (so the model has the dataset's outputs, as the server's), and evaluates on the test set.
    package func makeTrainer(_ setup: ClientSetup, clientID: Int, prepared: Dataset) throws -> any LocalTrainer {
        let data = try Self.dataset(setup.dataset)
        let own = try PreparedDataset.onClasses(of: data.train, prepared)
        let width = setup.width(ofClient: clientID)
        let trainer = try ModelTrainer(
            makeModel: { try Self.model(setup, data: data.train, width: width, initialized: false) },
            keepsModel: setup.clients.count <= Self.residentModelLimit, dataset: own,
            trainIndices: Array(0..<own.count), evaluation: .dataset(data.test))
        trainer.methods = setup.methods ?? ClientMethods()
        trainer.modelDescription = ModelDescription(
            name: setup.model, width: width, sampleShape: data.train.sampleShape, classes: data.train.classCount)
        return trainer
    }
}
