@testable import Federation
import Learning
import Testing

@Suite struct ClientDataTests {
    /// 600 training samples of 2×2 "images" in 3 classes, and a small test set.
    func split() throws -> DatasetSplit {
        var rng = Xoshiro(seed: 2)
        func make(_ n: Int) throws -> Dataset {
            try Dataset(
                name: "tiny", features: (0..<(n * 4)).map { _ in rng.unit() }, labels: (0..<n).map { Int32($0 % 3) },
                featureCount: 4, classCount: 3, labelNames: ["a", "b", "c"], sampleShape: [1, 2, 2])
        }
        return DatasetSplit(train: try make(600), test: try make(30))
    }

    func setup(
        _ corruptions: [String: [String: [Double]]] = [:], partition: String = "iid", skew: String? = nil,
        holdout: Double = 0
    ) -> ClientSetup {
        ClientSetup(
            dataset: "tiny", partition: partition, quantitySkew: skew, corruptions: corruptions, holdout: holdout,
            model: "logreg", seed: 4, totalClients: 3, clients: [:])
    }

    @Test func labelFlipGivesTheClientItsOwnNoisyCopyAndLeavesTheSharedDataAlone() throws {
        let data = try split()
        let s = setup(["label_flip": ["range": [0.4, 0.4]]], holdout: 0.2)
        let client = try ClientDataBuilder.build(s, data: data, clientID: 1)
        let clean = try ClientDataBuilder.build(setup(holdout: 0.2), data: data, clientID: 1)
        #expect(client.corruptions["label_flip"] == 0.4)
        #expect(client.dataset.count == clean.trainIndices.count + clean.heldOut.count)
        let trueTrain = clean.trainIndices.map { data.train.labels[$0] }
        let noisyTrain = client.trainIndices.map { client.dataset.labels[$0] }
        let rate = Double(zip(trueTrain, noisyTrain).filter { $0 != $1 }.count) / Double(trueTrain.count)
        #expect(rate > 0.25 && rate < 0.55)
        // Held-out labels stay true; the shared dataset is unchanged.
        #expect(client.heldOut.map { client.dataset.labels[$0] } == clean.heldOut.map { data.train.labels[$0] })
        #expect(data.train.labels == (0..<600).map { Int32($0 % 3) })
        #expect(clean.dataset.labels == data.train.labels)
    }

    /// A clean client's data is its index list into the one loaded dataset: the bytes it trains on are
    /// the shared ones (the same buffer), not a copy of its shard.
    @Test func aCleanClientSharesTheLoadedFashionMNISTBytes() throws {
        let data = try FashionMNIST.load()
        var s = ClientSetup(
            dataset: "fashion-mnist", partition: "flower_dirichlet", model: "2nn", seed: 42, totalClients: 15,
            clients: [:])
        s.partitionSettings = ["alpha": 0.5]
        func address(_ dataset: Dataset) -> Int? {
            guard case .bytes(let bytes, _) = dataset.storage else { return nil }
            return bytes.withUnsafeBytes { $0.baseAddress.map { Int(bitPattern: $0) } }
        }
        for id in [0, 14] {
            let client = try ClientDataBuilder.build(s, data: data, clientID: id)
            #expect(address(client.dataset) != nil && address(client.dataset) == address(data.train))
            #expect(!client.trainIndices.isEmpty && client.trainIndices.count < data.train.count)
        }
    }

    @Test func flowerDirichletKeepsFlowersOrderAndAPartitionSeedOverridesTheRunSeed() throws {
        let data = try split()
        var s = setup(partition: "flower_dirichlet")
        s.partitionSettings = ["alpha": 0.5, "min_partition_size": 5]
        let flower = try FlowerDirichlet(alpha: 0.5, minimumPerClient: 5).split(
            labels: data.train.labels, clients: 3, seed: 4)
        #expect(try ClientDataBuilder.build(s, data: data, clientID: 2).trainIndices == flower[2])
        // With the partition's own seed the split follows it, whatever the run seed.
        s.partitionSettings["seed"] = 9
        s.seed = 1234
        let seeded = try FlowerDirichlet(alpha: 0.5, minimumPerClient: 5).split(
            labels: data.train.labels, clients: 3, seed: 9)
        #expect(try ClientDataBuilder.build(s, data: data, clientID: 0).trainIndices == seeded[0])
        #expect(seeded != flower)
    }

    @Test func aFractionalOrNegativeWholeNumberSettingIsRefusedNotTrapped() throws {
        let data = try split()
        for (partition, name, value) in [
            ("shards", "shards_per_client", 2.5), ("flower_dirichlet", "min_partition_size", -1),
            ("flower_dirichlet", "seed", .nan), ("iid", "seed", 1e300),
        ] {
            var s = setup(partition: partition)
            s.partitionSettings = [name: value]
            #expect(throws: FederationError.self) { try ClientDataBuilder.build(s, data: data, clientID: 0) }
        }
    }

    @Test func sampleAndHeldOutLimitsCutTheClientsSplitsFromTheirStart() throws {
        let data = try split()
        let full = try ClientDataBuilder.build(setup(holdout: 0.2), data: data, clientID: 0)
        var limited = setup(holdout: 0.2)
        limited.sampleLimit = 50
        let trial = try ClientDataBuilder.build(limited, data: data, clientID: 0)
        #expect(
            trial.trainIndices == Array(full.trainIndices.prefix(50)) && trial.heldOut == Array(full.heldOut.prefix(50))
        )
        limited.heldOutLimit = 7
        let fewer = try ClientDataBuilder.build(limited, data: data, clientID: 0)
        #expect(fewer.trainIndices == trial.trainIndices && fewer.heldOut == Array(full.heldOut.prefix(7)))
    }

    @Test func fractionOfClientsChoosesSomeClientsReproducibly() throws {
        let data = try split()
        let s = setup(["inversion": ["fraction_of_clients": [0]]])
        #expect(try ClientDataBuilder.build(s, data: data, clientID: 0).corruptions.isEmpty)
        let all = setup(["inversion": ["fraction_of_clients": [1]]])
        let a = try ClientDataBuilder.build(all, data: data, clientID: 2)
        #expect(a.corruptions.keys.sorted() == ["inversion"])
        let original = try ClientDataBuilder.partition(all, train: data.train)[2]
        #expect(
            a.dataset.features[0..<4].map { -$0 }
                == Array(data.train.features[(original[0] * 4)..<(original[0] * 4 + 4)]))
    }

    @Test func quantitySkewAndLongTailAreWiredAndUnknownNamesSayWhatIsAvailable() throws {
        let data = try split()
        let sizes = try (0..<3).map {
            try ClientDataBuilder.build(setup(skew: "power_law"), data: data, clientID: $0).trainIndices.count
        }
        #expect(sizes.sorted() == [67, 100, 200])
        var tail = setup(partition: "long_tail")
        tail.partitionSettings = ["imbalance_ratio": 4]
        #expect(
            try (0..<3).map { try ClientDataBuilder.build(tail, data: data, clientID: $0).trainIndices.count }.reduce(
                0, +) == 200 + 100 + 50)
        do {
            _ = try ClientDataBuilder.build(setup(partition: "by_user"), data: data, clientID: 0)
            Issue.record("expected an error")
        } catch let error as FederationError {
            #expect(error.message.contains("by_user needs synthetic-leaf"))
        }
        #expect(throws: FederationError.self) {
            try ClientDataBuilder.build(setup(["snow": [:]]), data: data, clientID: 0)
        }
        #expect(throws: FederationError.self) {
            try ClientDataBuilder.build(setup(["label_flip": ["range": [0.5, 0.1]]]), data: data, clientID: 0)
        }
    }

    /// A range reaching outside the corruption's strengths fails every client, hit or not (topology
    /// validation refuses the same ranges with the same check).
    @Test func aRangeOutsideTheCorruptionsStrengthsFailsEveryClient() throws {
        let data = try split()
        for settings: [String: [String: [Double]]] in [
            ["label_flip": ["range": [0, 1.5], "fraction_of_clients": [0]]],
            ["rotation": ["range": [0, 720]]],
            ["contrast": ["range": [1, 3]]],
            ["inversion": ["range": [0, 1]]],
        ] {
            for client in 0..<3 {
                #expect(throws: FederationError.self, "\(settings)") {
                    try ClientDataBuilder.build(setup(settings), data: data, clientID: client)
                }
            }
        }
        #expect(
            try ClientDataBuilder.build(
                setup(["rotation": ["range": [0, 360]], "contrast": ["range": [0, 2]]]), data: data, clientID: 0
            ).corruptions.count == 2)
    }

    @Test func domainsGiveEachClientItsDomainsTransform() throws {
        let data = try split()
        let s = setup(partition: "domains")
        let original = try ClientDataBuilder.build(s, data: data, clientID: 0)
        #expect(original.corruptions.isEmpty && original.dataset.features == data.train.features)
        let inverted = try ClientDataBuilder.build(s, data: data, clientID: 2)
        #expect(inverted.corruptions.keys.sorted() == ["domain inverted"])
        let first = try ClientDataBuilder.partition(s, train: data.train)[2][0]
        #expect(
            Array(inverted.dataset.features[0..<4]) == data.train.features[(first * 4)..<(first * 4 + 4)].map { -$0 })
    }
}
