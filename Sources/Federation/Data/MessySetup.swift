import Learning

/// What a node needs to make its clients' data agents: the messy-data settings, the run's seed, the
/// federation's size and which clients live on this node. Every node builds its clients' data itself.
package struct MessySetup: Codable, Sendable, Equatable {
    package var spec: MessySpec
    package var seed: UInt64
    package var totalClients: Int
    package var clients: [Int]

    package init(spec: MessySpec, seed: UInt64, totalClients: Int, clients: [Int]) {
        self.spec = spec
        self.seed = seed
        self.totalClients = totalClients
        self.clients = clients
    }

    /// Client `id`'s messy data, built here (Fashion-MNIST and the sensor sequences are loaded once per process).
    package func build(clientID id: Int) throws -> MessyClientData {
        let images = try LearningTrainerFactory.dataset("fashion-mnist").train
        let sensors = try LearningTrainerFactory.dataset("synthetic-sensors").train
        do {
            return try MessyDataBuilder.build(
                spec, seed: seed, clientID: id, totalClients: totalClients, images: images, sensors: sensors)
        } catch {
            throw FederationError(.invalidSetting, "messy data of client \(id): \(error.message)")
        }
    }
}
