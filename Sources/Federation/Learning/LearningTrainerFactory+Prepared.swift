import Learning

extension LearningTrainerFactory: PreparedDataTrainerFactory {
    /// The client trains on all of `prepared` (its first `sampleLimit` samples when the setup has a
    /// limit: the topology's `data.samples_per_client`, which `auto --budget` sets to cut a run), its
    /// labels carried onto the dataset's class indices (so the model has the dataset's outputs, as the
    /// server's), and evaluates on the test set. The prepared samples keep the messy data's random
    /// draw order, so the first ones are a random share of every class.
    package func makeTrainer(_ setup: ClientSetup, clientID: Int, prepared: Dataset) throws -> any LocalTrainer {
        let data = try Self.dataset(setup.dataset)
        let own = try PreparedDataset.onClasses(of: data.train, prepared)
        let width = setup.width(ofClient: clientID)
        let trainer = try ModelTrainer(
            makeModel: { try Self.model(setup, data: data.train, width: width, initialized: false) },
            keepsModel: setup.clients.count <= Self.residentModelLimit, dataset: own,
            trainIndices: Array(0..<min(own.count, max(1, setup.sampleLimit ?? own.count))),
            evaluation: .dataset(data.test))
        trainer.methods = setup.methods ?? ClientMethods()
        trainer.modelDescription = ModelDescription(
            name: setup.model, width: width, sampleShape: data.train.sampleShape, classes: data.train.classCount)
        return trainer
    }
}
