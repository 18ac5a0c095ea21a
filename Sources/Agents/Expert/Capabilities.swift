import Federation

/// What this build can actually run, asked at run time (never hard-coded), so the composer writes
/// specs that run today and keeps working as models, partitions and strategies are added.
package struct Capabilities: Sendable, Equatable {
    /// Models the trainer factory can build.
    package var models: [String]
    /// Strategies the catalog can construct.
    package var strategies: [String]
    /// Partitions that build on the composed dataset (probed by building one tiny client).
    package var partitions: [String]
    /// Datasets that load (probed the same way).
    package var datasets: [String]

    /// Names listed explicitly (tests, or a known build).
    package init(models: [String], strategies: [String], partitions: [String], datasets: [String]) {
        self.models = models
        self.strategies = strategies
        self.partitions = partitions
        self.datasets = datasets
    }

    /// Asks the catalogs for models and strategies, and probes `factory` for each candidate dataset
    /// and partition by building a two-client setup with one sample: whatever throws is unavailable.
    package static func probe(
        factory: any TrainerFactory, datasets candidates: [String], partitions partitionCandidates: [String]
    ) -> Capabilities {
        let models = LearningTrainerFactory.models
        let model = models.first ?? "logreg"
        func builds(dataset: String, partition: String) -> Bool {
            var setup = ClientSetup(
                dataset: dataset, partition: partition, model: model, seed: 1, totalClients: 2, clients: [:])
            setup.sampleLimit = 1
            return (try? factory.makeTrainer(setup, clientID: 0)) != nil
        }
        let datasets = candidates.filter { builds(dataset: $0, partition: "iid") }
        let base = datasets.first ?? "fashion-mnist"
        let partitions = partitionCandidates.filter { builds(dataset: base, partition: $0) }
        return Capabilities(
            models: models, strategies: StrategyCatalog.available, partitions: partitions, datasets: datasets)
    }
}
