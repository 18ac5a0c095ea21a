import ActorMesh
import Federation
import Foundation
import Learning
import Testing

/// MOON: the contrastive loss and its gradient, the client's anchors, the strategy, and local training
/// with the term on both model kinds.
@Suite struct MoonTests {
    @Test func contrastiveLossAndGradientMatchAHandComputedBatch() {
        // Prepare: τ = 1, two samples of d = 2.
        // Sample 1: z = [1, 0], g = [0, 1], p = [1, 0]: cos(z, g) = 0, cos(z, p) = 1, ℓ = log(1 + e);
        //   q = e/(1 + e); ∇cos(z, p) = 0, ∇cos(z, g) = [0, 1]: ∂ℓ/∂z = q·[0, −1].
        // Sample 2: z = [0, 2], g = [0, 1], p = [1, 0]: cos(z, g) = 1, cos(z, p) = 0, ℓ = log(1 + e⁻¹);
        //   q = 1/(1 + e); ∇cos(z, p) = [½, 0], ∇cos(z, g) = [0, ½] − [0, 2]/4 = 0: ∂ℓ/∂z = q·[½, 0].
        // Execute
        let r = ModelContrastiveLoss.lossAndGradient(
            z: [1, 0, 0, 2], global: [0, 1, 0, 1], previous: [1, 0, 1, 0], count: 2, temperature: 1)
        // Assert: batch means.
        let e = exp(1.0)
        #expect(abs(r.loss - (log(1 + e) + log(1 + 1 / e)) / 2) < 1e-6)
        #expect(close(r.gradient, [0, Float(-e / (1 + e) / 2), Float(0.5 / (1 + e) / 2), 0]))
    }

    @Test func contrastiveGradientAgreesWithFiniteDifferences() {
        // Prepare: three samples of d = 4, τ = 0.5, values from a fixed generator.
        var rng = SplitMix64(seed: 9)
        func values(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.nextUnitDouble() * 2 - 1) } }
        let z = values(12), g = values(12), p = values(12)
        // Execute
        let analytic = ModelContrastiveLoss.lossAndGradient(z: z, global: g, previous: p, count: 3, temperature: 0.5)
            .gradient
        // Assert: central differences of the loss, coordinate by coordinate.
        for i in z.indices {
            var up = z, down = z
            up[i] += 1e-3
            down[i] -= 1e-3
            let numeric =
                (ModelContrastiveLoss.lossAndGradient(z: up, global: g, previous: p, count: 3, temperature: 0.5).loss
                    - ModelContrastiveLoss.lossAndGradient(z: down, global: g, previous: p, count: 3, temperature: 0.5)
                    .loss) / 2e-3
            #expect(abs(Double(analytic[i]) - numeric) < 1e-3, "coordinate \(i)")
        }
    }

    @Test func theClientKeepsItsPreviousModelAsTheSecondAnchor() {
        // Prepare
        var state = ClientAlgorithmState()
        let hooks = ClientHooks(contrastive: ContrastiveSettings(mu: 1, temperature: 0.5))
        // Execute / Assert: no term before the first MOON round (previous = global); then the last local model.
        #expect(state.contrastiveAnchors(global: [1, 1], hooks: hooks) == nil)
        _ = state.finish(global: [1, 1], local: [2, 0], steps: 1, learningRate: 0.1, hooks: hooks, groups: [])
        let anchors = state.contrastiveAnchors(global: [3, 3], hooks: hooks)
        #expect(anchors?.global == [3, 3] && anchors?.previous == [2, 0])
        #expect(state.contrastiveAnchors(global: [3, 3], hooks: ClientHooks()) == nil)
    }

    @Test func theServerAveragesLikeFedAvgAndSendsTheTerm() throws {
        // Prepare
        var s = try Moon(mu: 5, temperature: 0.5)
        // Execute
        let x = try #require(
            try s.aggregateFit(
                round: 1, global: [0], results: [result(0, [1], samples: 10), result(1, [3], samples: 30)], failures: []
            ))
        let sent = s.configureFit(round: 1, global: [0], clients: [0, 1], plan: LocalPlan())
        // Assert: (10·1 + 30·3)/40 = 2.5; every client gets μ and τ.
        #expect(close(x, [2.5]))
        #expect(sent.values.allSatisfy { $0.hooks.contrastive == ContrastiveSettings(mu: 5, temperature: 0.5) })
        #expect(throws: FederationError.self) { _ = try Moon(mu: 0) }
        #expect(throws: FederationError.self) { _ = try Moon(temperature: -1) }
        #expect(throws: FederationError.self) { _ = try StrategyCatalog.make(name: "moon", options: ["tau": 1]) }
    }

    /// Twelve 4-feature samples of three classes.
    static func tinyData() throws -> Dataset {
        let features = (0..<48).map { Float(sin(Double($0) * 0.7)) }
        return try Dataset(
            name: "tiny", features: features, labels: (0..<12).map { Int32($0 % 3) }, featureCount: 4, classCount: 3,
            labelNames: ["a", "b", "c"], sampleShape: [4])
    }

    /// Two local rounds from the same global model; returns the second round's local model and the
    /// contrastive loss of that model's representation (against the global and round-1 models).
    static func twoRounds(_ makeModel: () throws -> any TrainableModel, mu: Float?) throws -> (
        parameters: [Float], contrastive: Double
    ) {
        let data = try tinyData()
        let model = try makeModel()
        let global = model.parameters
        let trainer = try ModelTrainer(
            model: model, dataset: data, trainIndices: Array(0..<12), evaluation: .heldOut(Array(0..<12)))
        let hooks = mu.map { ClientHooks(contrastive: ContrastiveSettings(mu: $0, temperature: 0.5)) } ?? ClientHooks()
        let plan = LocalPlan(epochs: 3, batchSize: 4, learningRate: 0.1)
        let first = try trainer.fit(from: global, plan: plan, hooks: hooks)
        let second = try trainer.fit(from: global, plan: plan, hooks: hooks)
        #expect(second.trainLoss.isFinite && second.parameters.allSatisfy(\.isFinite))
        let network = try #require(model as? any RepresentationModel)
        let (z, g, p) = data.features.withUnsafeBufferPointer { f in
            (
                network.representation(f.baseAddress!, count: 12, parameters: second.parameters),
                network.representation(f.baseAddress!, count: 12, parameters: global),
                network.representation(f.baseAddress!, count: 12, parameters: first.parameters)
            )
        }
        return (
            second.parameters,
            ModelContrastiveLoss.lossAndGradient(z: z, global: g, previous: p, count: 12, temperature: 0.5).loss
        )
    }

    @Test(arguments: ["zoo", "layers"])
    func trainingWithTheTermRunsDiffersAndPullsTowardsTheGlobalModel(kind: String) throws {
        // Prepare: a 4-8-3 network, from the zoo's perceptron or built from layers here.
        let makeModel: () throws -> any TrainableModel = {
            kind == "zoo"
                ? try ModelZoo.perceptron(layerSizes: [4, 8, 3], seed: 3)
                : try SequentialNetwork(
                    layers: [try Dense(inputs: 4, outputs: 8), ReLU(shape: [8]), try Dense(inputs: 8, outputs: 3)],
                    seed: 3)
        }
        // Execute
        let moon = try Self.twoRounds(makeModel, mu: 5)
        let plain = try Self.twoRounds(makeModel, mu: nil)
        // Assert: the second round (the first with a previous model) trains differently, and its
        // representation is closer to the global model's, relative to the previous one's, than without the term.
        #expect(!close(moon.parameters, plain.parameters, 1e-4))
        #expect(moon.contrastive < plain.contrastive)
    }

    @Test func aModelWithoutAHiddenLayerIsRefused() throws {
        // Prepare: logistic regression (its last layer reads the input itself).
        let trainer = try ModelTrainer(
            model: try ModelZoo.perceptron(layerSizes: [4, 3], seed: 3), dataset: try Self.tinyData(),
            trainIndices: Array(0..<12),
            evaluation: .heldOut(Array(0..<12)))
        let hooks = ClientHooks(contrastive: ContrastiveSettings(mu: 1, temperature: 0.5))
        let global = [Float](repeating: 0.1, count: trainer.parameterCount)
        // Execute / Assert: the first MOON round already refuses, saying what to choose.
        do {
            _ = try trainer.fit(from: global, plan: LocalPlan(batchSize: 4), hooks: hooks)
            Issue.record("logreg was accepted for MOON")
        } catch let error as FederationError {
            #expect(error.message.contains("2nn or cnn"))
        }
    }
}
