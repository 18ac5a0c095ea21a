import Federation
import Learning
import Testing

/// Class-incremental continual learning on the client: the task split of a client's real
/// Fashion-MNIST samples, the replay memory, EWC's Fisher diagonal and penalty, and the trainer
/// training on the round's task only.
@Suite struct ContinualLearningTests {
    static func settings(replay: ExperienceReplay? = nil, ewc: ElasticWeightConsolidation? = nil) throws
        -> ContinualLearning
    {
        try ContinualLearning(tasks: 5, roundsPerTask: 3, replay: replay, ewc: ewc)
    }

    @Test func theScheduleGivesEachTaskItsRoundsAndEndsEachTaskOnce() throws {
        let c = try Self.settings()
        #expect(c.rounds == 15)
        #expect((1...15).map(c.task(ofRound:)) == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
        #expect((1...15).filter(c.endsTask) == [3, 6, 9, 12, 15])
        #expect(throws: FederationError.self) { try ContinualLearning(tasks: 1, roundsPerTask: 3) }
        #expect(throws: FederationError.self) { try ContinualLearning(tasks: 5, roundsPerTask: 0) }
        #expect(throws: FederationError.self) { try ExperienceReplay(memory: 0) }
        #expect(throws: FederationError.self) { try ExperienceReplay(memory: 10, share: 0.95) }
        #expect(throws: FederationError.self) { try ElasticWeightConsolidation(lambda: -1) }
    }

    /// A client's 3,000 real training samples: each task holds exactly its samples of its two
    /// classes, in the client's order, and together the tasks hold every sample once.
    @Test func eachTaskHoldsExactlyTheClientsSamplesOfItsClasses() throws {
        let data = try FashionMNIST.load()
        let mine = Array(stride(from: 7, to: 60_000, by: 20))
        let state = try ContinualClientState(
            settings: try Self.settings(), labels: data.train.labels, trainIndices: mine, classes: 10, seed: 1)
        #expect(state.taskIndices.count == 5)
        for (t, indices) in state.taskIndices.enumerated() {
            #expect(!indices.isEmpty)
            #expect(Set(indices.map { Int(data.train.labels[$0]) }) == [2 * t, 2 * t + 1])
            #expect(indices == mine.filter { Int(data.train.labels[$0]) / 2 == t })
        }
        #expect(state.taskIndices.flatMap { $0 }.sorted() == mine)
    }

    @Test func theReservoirIsBoundedUniformAndDeterministic() {
        var a = ReplayMemory(capacity: 100, seed: 9)
        var b = ReplayMemory(capacity: 100, seed: 9)
        var other = ReplayMemory(capacity: 100, seed: 10)
        for i in 0..<10_000 {
            a.offer(i)
            b.offer(i)
            other.offer(i)
            #expect(a.slots.count == min(i + 1, 100))
        }
        #expect(a == b && a.slots != other.slots)
        #expect(Set(a.slots).count == 100 && a.seen == 10_000)
        // Uniform over the stream: about half of the kept indices are from its first half (σ = 5).
        let early = a.slots.filter { $0 < 5_000 }.count
        #expect((30...70).contains(early), "\(early) of 100 from the first half")
        // A draw passes over the memory in shuffled order, as often as needed, the same for a seed.
        let draw = a.draw(250, seed: 3)
        #expect(draw.count == 250 && Set(draw) == Set(a.slots) && draw == a.draw(250, seed: 3))
        #expect(ReplayMemory(capacity: 5, seed: 1).draw(10, seed: 1).isEmpty)
    }

    /// Replay on real data: in task t the round trains on the task's samples plus an equal number
    /// (share 0.5) of replayed ones, all of earlier tasks, from a memory of at most 50; two clients
    /// built the same way draw the same.
    @Test func replayMixesOnlyEarlierTasksFromABoundedMemory() throws {
        let data = try FashionMNIST.load()
        let mine = Array(stride(from: 3, to: 60_000, by: 30))
        let settings = try Self.settings(replay: try ExperienceReplay(memory: 50, share: 0.5))
        var state = try ContinualClientState(
            settings: settings, labels: data.train.labels, trainIndices: mine, classes: 10, seed: 5)
        var twin = state
        let first = state.begin(round: 1, seed: 11)
        #expect(first.replayed == 0 && first.indices == state.taskIndices[0])
        for round in [4, 9, 14] {
            let work = state.begin(round: round, seed: UInt64(round))
            #expect(work == twin.begin(round: round, seed: UInt64(round)))
            let current = state.taskIndices[work.task]
            #expect(Array(work.indices.prefix(current.count)) == current)
            let replayed = work.indices.dropFirst(current.count)
            #expect(replayed.count == current.count && work.replayed == current.count)
            #expect(replayed.allSatisfy { Int(data.train.labels[$0]) / 2 < work.task })
            let memory = try #require(state.memory)
            #expect(memory.slots.count == 50 && Set(replayed).isSubset(of: Set(memory.slots)))
            #expect(memory.seen == state.taskIndices.prefix(work.task).reduce(0) { $0 + $1.count })
        }
    }

    /// The penalty λ/2·Σ F_i (w_i − θ*_i)² and the gradient the client adds, against central finite
    /// differences of the whole local objective (cross-entropy + penalty) of a tiny logistic regression.
    @Test func theEWCGradientMatchesFiniteDifferencesOfTheObjective() throws {
        let (training, data) = try Self.tinyLogisticRegression()
        let model = training.model
        let anchor = model.parameters
        let fisher = training.fisherDiagonal(indices: Array(0..<data.count))
        #expect(fisher.values.count == anchor.count && fisher.values.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(fisher.values.contains { $0 > 1e-4 })
        var penalty = EWCPenalty()
        penalty.consolidate(fisher: fisher.values, anchor: anchor)
        let lambda: Float = 3
        var w = anchor
        for i in w.indices { w[i] += 0.3 * Float((i % 5) - 2) }
        let objective = { (weights: [Float]) -> Double in
            model.parameters = weights
            return training.evaluate(indices: Array(0..<data.count)).loss + penalty.value(at: weights, lambda: lambda)
        }
        model.parameters = w
        data.features.withUnsafeBufferPointer { f in
            data.labels.withUnsafeBufferPointer { l in
                guard let f = f.baseAddress, let l = l.baseAddress else { return }
                model.lossAndGradient(f, labels: l, count: data.count)
            }
        }
        var gradient = model.gradient
        penalty.addGradient(to: &gradient, at: w, lambda: lambda)
        let h: Float = 1e-2
        for i in w.indices {
            var up = w, down = w
            up[i] += h
            down[i] -= h
            let numeric = (objective(up) - objective(down)) / Double(2 * h)
            #expect(abs(numeric - Double(gradient[i])) < 2e-3 + 1e-2 * abs(numeric), "parameter \(i)")
        }
    }

    /// The Fisher diagonal is the mean of the squared per-sample gradients, each checked by finite
    /// differences of that sample's loss.
    @Test func theFisherDiagonalIsTheMeanSquaredPerSampleGradient() throws {
        let (training, data) = try Self.tinyLogisticRegression()
        let model = training.model
        let at = model.parameters
        let fisher = training.fisherDiagonal(indices: Array(0..<data.count)).values
        #expect(model.parameters == at)
        let h: Float = 1e-2
        var expected = [Double](repeating: 0, count: at.count)
        for n in 0..<data.count {
            for i in at.indices {
                var up = at, down = at
                up[i] += h
                down[i] -= h
                model.parameters = up
                let lossUp = training.evaluate(indices: [n]).loss
                model.parameters = down
                let lossDown = training.evaluate(indices: [n]).loss
                let g = (lossUp - lossDown) / Double(2 * h)
                expected[i] += g * g / Double(data.count)
            }
        }
        for i in at.indices {
            #expect(abs(Double(fisher[i]) - expected[i]) < 1e-3 + 2e-2 * expected[i], "parameter \(i)")
        }
    }

    /// Six samples of four features in three classes, and a seeded logistic regression over them.
    static func tinyLogisticRegression() throws -> (SupervisedTraining, Dataset) {
        var rng = Xoshiro(seed: 21)
        let features = (0..<24).map { _ in rng.normal() }
        let data = try Dataset(
            name: "tiny", features: features, labels: [0, 1, 2, 0, 1, 2], featureCount: 4, classCount: 3,
            labelNames: ["a", "b", "c"], sampleShape: [4])
        let model = try ModelZoo.make("logreg", sampleShape: [4], classes: 3, width: 1, seed: 2)
        return (try SupervisedTraining(model: model, dataset: data), data)
    }

    /// Average task accuracy and forgetting on a hand-made matrix.
    @Test func forgettingIsTheBestEarlierAccuracyMinusTheFinalOneAveraged() {
        let metrics = ContinualMetrics(matrix: [
            [0.90],
            [0.60, 0.95],
            [0.70, 0.50, 0.80],
        ])
        // Task 1: best 0.90, final 0.70 → 0.20; task 2: best 0.95, final 0.50 → 0.45.
        #expect(abs((metrics.forgetting ?? 0) - 0.325) < 1e-12)
        #expect(abs((metrics.averageAccuracy ?? 0) - (0.70 + 0.50 + 0.80) / 3) < 1e-12)
        #expect(metrics.summary["forgetting"] == "0.3250")
        #expect(ContinualMetrics(matrix: [[0.9]]).forgetting == nil)
        #expect(ContinualMetrics(matrix: []).averageAccuracy == nil)
        // A later task that helps an earlier one is negative forgetting.
        #expect(ContinualMetrics(matrix: [[0.5], [0.7, 0.9]]).forgetting.map { abs($0 + 0.2) < 1e-12 } == true)
    }

    /// A client of 400 real images trains in round 1 on its task-0 samples only (its steps and FLOPs
    /// say so); with EWC, its first fit of task 1 first measures task 0's Fisher (FLOPs of one
    /// training step per Fisher sample) and then trains under the penalty.
    @Test func theTrainerTrainsOnTheRoundsTaskAndMeasuresTheFisherWhenTheTaskChanges() throws {
        let data = try FashionMNIST.load()
        let mine = Array(0..<400)
        let make = {
            try ModelZoo.make(
                "logreg", sampleShape: data.train.sampleShape, classes: data.train.classCount, width: 1, seed: 3)
        }
        let settings = try Self.settings(ewc: try ElasticWeightConsolidation(lambda: 50, fisherSamples: 20))
        let trainer = try ModelTrainer(
            makeModel: make, keepsModel: true, dataset: data.train, trainIndices: mine, evaluation: .dataset(data.test))
        trainer.methods = ClientMethods(continual: settings)
        trainer.continual = try ContinualClientState(
            settings: settings, labels: data.train.labels, trainIndices: mine, classes: 10, seed: 1)
        let tasks = try #require(trainer.continual?.taskIndices)
        let cost = try #require(trainer.sampleFLOPs)
        let plan = LocalPlan(epochs: 1, batchSize: 16, learningRate: 0.05, seed: 4)
        var hooks = ClientHooks()
        hooks.round = 1
        let first = try trainer.fit(from: try make().parameters, plan: plan, hooks: hooks)
        #expect(first.flops == Double(tasks[0].count) * cost.training)
        #expect(first.steps == (tasks[0].count + 15) / 16)
        #expect(trainer.continual?.penalty.isEmpty == true)
        hooks.round = 4
        let second = try trainer.fit(from: first.parameters, plan: plan, hooks: hooks)
        #expect(second.flops == Double(tasks[1].count + 20) * cost.training)
        let penalty = try #require(trainer.continual?.penalty)
        #expect(!penalty.isEmpty && penalty.anchor == first.parameters)
    }
}
