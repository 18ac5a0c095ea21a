import ActorMesh
import Foundation
import Learning
import Testing

@testable import Federation

/// Training on what the data agents prepared: a messy client's data, cleaned and relabelled onto the
/// task's classes on its node, is what its trainer trains on, under the dataset's class numbers.
@Suite(.serialized) struct PreparedDataTrainingTests {
    /// A client writing its labels in French; the task leaves Bag out.
    static let spec = MessySpec(
        samplesPerClient: 300, corruptFraction: 0.1, vocabularies: [.french], excludedClasses: ["Bag"])
    static let setup = MessySetup(spec: spec, seed: 5, totalClients: 2, clients: [0])

    /// The client's true mapping, as a ``LabelMapping`` (what the harmonizer should arrive at).
    static func mapping(_ truth: MessyTruth, shifted: Bool = false) -> LabelMapping {
        let classes = spec.taskClasses
        var targets: [String: String] = [:]
        for case (let label, let target?) in truth.labelMapping {
            guard let i = classes.firstIndex(of: target) else { continue }
            targets[label] = shifted ? classes[(i + 1) % classes.count] : target
        }
        return LabelMapping(classes: classes, targets: targets, dropped: [:])
    }

    static func prepared(shifted: Bool = false) throws -> (Dataset, RelabelReport) {
        let data = try setup.build(clientID: 0)
        let cleaned = DataCleaner.clean(data.samples, CleaningRules(sampleShape: [1, 28, 28])).kept
        let (dataset, report) = try Relabeling.apply(
            mapping(data.truth, shifted: shifted), to: cleaned, name: "client 0")
        return (try #require(dataset), report)
    }

    static var clientSetup: ClientSetup {
        var s = ClientSetup(
            dataset: "fashion-mnist", partition: "iid", model: "2nn", seed: 5, totalClients: 2,
            clients: [0: ClientProfile()])
        s.trainsOnPreparedData = true
        return s
    }

    @Test func preparedLabelsAreCarriedOntoTheDatasetsClassesByName() throws {
        let (prepared, report) = try Self.prepared()

        let trainer = try #require(
            try LearningTrainerFactory().makeTrainer(Self.clientSetup, clientID: 0, prepared: prepared) as? ModelTrainer
        )

        let counts = trainer.trainingLabelCounts
        #expect(counts.count == 10 && trainer.sampleCount == prepared.count)
        // Bag (index 8) is not a task class: nothing is labelled Bag; Ankle boot keeps its index 9.
        #expect(counts[8] == 0 && counts[9] == report.perClass["Ankle boot"])
        for (i, name) in FashionMNIST.labelNames.enumerated() where name != "Bag" {
            #expect(counts[i] == report.perClass[name] ?? 0, "\(name)")
        }
    }

    /// `data.samples_per_client` (what `auto --budget` sets to cut a run) caps the prepared samples a
    /// client trains on: the first ones, a random share of the messy data's draw.
    @Test func aSampleLimitCapsThePreparedSamplesTheClientTrainsOn() throws {
        let (prepared, _) = try Self.prepared()
        var limited = Self.clientSetup
        limited.sampleLimit = 40

        let trainer = try #require(
            try LearningTrainerFactory().makeTrainer(limited, clientID: 0, prepared: prepared) as? ModelTrainer)
        limited.sampleLimit = 10_000
        let whole = try #require(
            try LearningTrainerFactory().makeTrainer(limited, clientID: 0, prepared: prepared) as? ModelTrainer)

        #expect(prepared.count > 200)
        #expect(trainer.sampleCount == 40 && whole.sampleCount == prepared.count)
        #expect(trainer.trainingLabelCounts.filter { $0 > 0 }.count >= 5, "\(trainer.trainingLabelCounts)")
    }

    @Test func aClassTheDatasetDoesNotHaveIsRefused() throws {
        let odd = try Dataset(
            name: "odd", features: [Float](repeating: 0, count: 784), labels: [0], featureCount: 784, classCount: 1,
            labelNames: ["Jumper"], sampleShape: [1, 28, 28])
        let fashion = try FashionMNIST.load().train

        #expect(throws: FederationError.self) { try PreparedDataset.onClasses(of: fashion, odd) }
    }

    /// The harmonized labels are what the model learns: trained on the true mapping it classifies the
    /// test set far above chance; on a mapping shifted by one class, far below.
    @Test func theModelLearnsTheHarmonizedLabels() throws {
        func accuracy(shifted: Bool) throws -> Double {
            let (prepared, _) = try Self.prepared(shifted: shifted)
            let factory = LearningTrainerFactory()
            let (_, initial) = try factory.makeEvaluator(Self.clientSetup)
            let trainer = try factory.makeTrainer(Self.clientSetup, clientID: 0, prepared: prepared)
            let fit = try trainer.fit(
                from: initial, plan: LocalPlan(epochs: 10, batchSize: 16, learningRate: 0.05, momentum: 0.9, seed: 1),
                hooks: ClientHooks())
            return try trainer.evaluate(fit.parameters).accuracy
        }

        let right = try accuracy(shifted: false), wrong = try accuracy(shifted: true)

        #expect(right > 0.45, "harmonized: \(right)")
        #expect(wrong < 0.2, "shifted mapping: \(wrong)")
    }

    /// Through the node's host: a client built with `trainsOnPreparedData` trains on its agent's
    /// prepared samples; without prepared data it is refused, saying why.
    @Test func theHostBuildsTheClientOverItsAgentsPreparedData() async throws {
        let node = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        let driver = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"))
        defer { driver.shutdown(); node.shutdown() }
        let local = try node.makeActor(named: ClientHost.path) {
            ClientHost(actorSystem: node, factory: LearningTrainerFactory())
        }
        defer { withExtendedLifetime(local) {} }
        let host = try ClientHost.at(node.endpoint, using: driver)

        await #expect(throws: (any Error).self) { try await host.createClients(Self.clientSetup) }
        let ids = try await host.createDataAgents(Self.setup)
        let agent = try ClientDataAgent.resolve(id: try #require(ids[0]), using: driver)
        let truth = try Self.setup.build(clientID: 0).truth
        let cleaned = try await agent.clean(CleaningRules(sampleShape: [1, 28, 28]))
        let relabelled = try await agent.relabel(Self.mapping(truth))
        let made = try await host.createClients(Self.clientSetup)
        let client = try ClientActor.resolve(id: try #require(made[0]), using: driver)

        let described = try await client.describe()

        #expect(described.sampleCount == relabelled.perClass.values.reduce(0, +))
        #expect(described.sampleCount == cleaned.after && cleaned.after < 300)
    }
}
