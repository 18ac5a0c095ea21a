import Testing
@testable import Learning

@Suite struct SyntheticDataTests {
    @Test func leafHasUsersShapesACardAndReproducesFromItsSeed() throws {
        let a = try SyntheticLEAF.generate(users: 8, seed: 3)
        #expect(a.train.sampleShape == [60] && a.train.classCount == 10)
        #expect(Set(a.train.users ?? []) == Set(0..<8))
        #expect(Set(a.test.users ?? []) == Set(0..<8))
        #expect(a.train.card.contains("10 classes"))
        #expect(a.train.histogram.reduce(0, +) == a.train.count)
        let b = try SyntheticLEAF.generate(users: 8, seed: 3)
        #expect(b.train.features == a.train.features && b.train.labels == a.train.labels)
        #expect(try SyntheticLEAF.generate(users: 8, seed: 4).train.features != a.train.features)
        #expect(throws: LearningError.self) { try SyntheticLEAF.generate(users: 0) }
    }

    @Test func byUserKeepsEachUserOnOneClientAndEverySampleOnce() throws {
        let data = try SyntheticLEAF.generate(users: 7, seed: 5).train
        let parts = try UserPartition.split(users: data.users, clients: 3, dataset: data.name)
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<data.count))
        let usersPerClient = parts.map { Set($0.map { data.users?[$0] ?? -1 }) }
        #expect(usersPerClient.map(\.count) == [3, 2, 2])
        #expect(
            usersPerClient[0].isDisjoint(with: usersPerClient[1])
                && usersPerClient[1].isDisjoint(with: usersPerClient[2]))
        #expect(throws: LearningError.self) {
            try UserPartition.split(users: data.users, clients: 8, dataset: data.name)
        }
        #expect(throws: LearningError.self) { try UserPartition.split(users: nil, clients: 2, dataset: "fmnist") }
    }

    @Test func logisticRegressionLearnsAboveChanceOnOneUser() throws {
        // With α = β = 0 the users share one model, so a pooled logistic regression has something to learn.
        let data = try SyntheticLEAF.generate(alpha: 0, beta: 0, users: 5, seed: 8)
        let training = try SupervisedTraining(
            model: try ModelZoo.perceptron(layerSizes: [60, 10], seed: 1), dataset: data.train)
        var sgd = try SGD(learningRate: 0.05)
        _ = training.train(indices: Array(0..<data.train.count), epochs: 20, batchSize: 16, optimizer: &sgd, seed: 2)
        let majority = Double(data.test.histogram.max() ?? 0) / Double(data.test.count)
        let accuracy = training.evaluate(on: data.test).accuracy
        #expect(accuracy > max(0.2, majority + 0.1))
    }

    @Test func domainsCycleThroughNamedTransforms() {
        #expect(Domain.of(client: 0).transform == nil)
        #expect(Domain.of(client: 2).name == "inverted")
        #expect(Domain.of(client: Domain.all.count + 1) == Domain.of(client: 1))
    }
}

@Suite struct SyntheticSensorsTests {
    @Test func shapesUsersCardAndSeeds() throws {
        let a = try SyntheticSensors.generate(users: 4, samplesPerUser: 10, seed: 2)
        #expect(a.train.sampleShape == [32, 3] && a.train.featureCount == 96)
        #expect(a.train.count == 32 && a.test.count == 8)
        #expect(a.train.labelNames.count == 6 && a.train.card.contains("walking"))
        #expect(Set(a.train.users ?? []) == Set(0..<4))
        #expect(try SyntheticSensors.generate(users: 4, samplesPerUser: 10, seed: 2).train.features == a.train.features)
        #expect(try SyntheticSensors.generate(users: 4, samplesPerUser: 10, seed: 3).train.features != a.train.features)
    }

    @Test func logisticRegressionOnFlatSequencesLearnsAboveChance() throws {
        let data = try SyntheticSensors.generate(users: 10, samplesPerUser: 60, seed: 4)
        let training = try SupervisedTraining(
            model: try ModelZoo.perceptron(layerSizes: [96, 6], seed: 1), dataset: data.train)
        var sgd = try SGD(learningRate: 0.02)
        _ = training.train(indices: Array(0..<data.train.count), epochs: 15, batchSize: 16, optimizer: &sgd, seed: 2)
        #expect(training.evaluate(on: data.test).accuracy > 0.4)  // chance is 1/6
    }
}
