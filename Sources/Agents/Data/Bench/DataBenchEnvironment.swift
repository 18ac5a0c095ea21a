import Federation
import Learning

/// One generated FedAgentBench-style environment: a federation of messy clients and the task they
/// serve. Its ground truth (which clients fit, which samples are corrupt, what each label means) is
/// the builder's ``MessyTruth`` of each client.
package struct DataBenchEnvironment: Sendable, Equatable {
    package var index: Int
    package var seed: UInt64
    package var clients: Int
    package var spec: MessySpec

    /// The task the environment's server serves: Fashion-MNIST images of the spec's task classes.
    package var task: DataTask { DataTask(sampleShape: [1, 28, 28], classes: spec.taskClasses) }

    /// `count` environments drawn from `seed`: 4 to 10 clients, 0 to 30% corrupt samples, one to
    /// four vocabularies, 0 to 2 sensor clients, sometimes excluded classes and a client holding only them.
    package static func generate(count: Int, seed: UInt64, samplesPerClient: Int) -> [DataBenchEnvironment] {
        var rng = Xoshiro(seed: seed)
        return (0..<count).map { index in
            let clients = 4 + Int(rng.next() % 7)
            var spec = MessySpec(samplesPerClient: samplesPerClient)
            spec.corruptFraction = Double(rng.unit()) * 0.3
            spec.vocabularies = Array(LabelStyle.allCases.shuffled(using: &rng).prefix(1 + Int(rng.next() % 4)))
            spec.rawScaleFraction = Double(rng.unit()) * 0.5
            spec.sensorClients = Int(rng.next() % 3)
            if rng.next() % 2 == 0 {
                spec.excludedClasses = Array(
                    FashionMNIST.labelNames.shuffled(using: &rng).prefix(1 + Int(rng.next() % 2)))
                spec.excludedClassClients = Int(rng.next() % 2)
            }
            return DataBenchEnvironment(index: index, seed: rng.next(), clients: clients, spec: spec)
        }
    }

    /// Every client's messy data and truth.
    package func build(images: Dataset, sensors: Dataset) throws -> [MessyClientData] {
        try (0..<clients).map {
            try MessyDataBuilder.build(
                spec, seed: seed, clientID: $0, totalClients: clients, images: images, sensors: sensors)
        }
    }
}
