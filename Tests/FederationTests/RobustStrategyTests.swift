import Federation
import Foundation
import Learning
import Testing

/// FedMedian, FedTrimmedAvg, Krum/Multi-Krum and DP-FedAvg.
@Suite struct RobustStrategyTests {
    /// Four honest clients near 1 and one attacker at 100.
    let poisoned = [
        result(0, [1.0, 2]), result(1, [1.1, 2.1]), result(2, [0.9, 1.9]), result(3, [1.0, 2.0]),
        result(4, [100, -100]),
    ]

    @Test func medianByHandAndAgainstAPoisonedClient() throws {
        var s = FedMedian()
        let even = try #require(
            try s.aggregateFit(
                round: 1, global: [0], results: [result(0, [1]), result(1, [5]), result(2, [2]), result(3, [9])],
                failures: []))
        #expect(close(even, [3.5]))
        let w = try #require(try s.aggregateFit(round: 1, global: [0, 0], results: poisoned, failures: []))
        #expect(close(w, [1.0, 2.0]))
    }

    @Test func trimmedMeanByHandAndAgainstAPoisonedClient() throws {
        // 5 values, beta 0.2 → trim 1 each side: [1, 2, 3, 4, 50] → mean(2, 3, 4) = 3.
        var s = try FedTrimmedAvg(beta: 0.2)
        let w = try #require(
            try s.aggregateFit(
                round: 1, global: [0],
                results: [1, 50, 3, 2, 4].enumerated().map { result($0.offset, [Float($0.element)]) }, failures: []))
        #expect(close(w, [3]))
        let robust = try #require(try s.aggregateFit(round: 1, global: [0, 0], results: poisoned, failures: []))
        #expect(abs(robust[0] - 1) < 0.1 && abs(robust[1] - 2) < 0.1)
        // Plain FedAvg is dragged far away by the same attacker.
        var avg = try FedAvg()
        let dragged = try #require(try avg.aggregateFit(round: 1, global: [0, 0], results: poisoned, failures: []))
        #expect(dragged[0] > 15)
    }

    @Test func krumPicksTheMostCentralAndMultiKrumAveragesTheChosen() throws {
        // Scores with f = 1 (n − f − 2 = 2 nearest): the attacker's are huge; client 3 at (1, 2) is most central.
        var krum = try Krum(byzantine: 1)
        let w = try #require(try krum.aggregateFit(round: 1, global: [0, 0], results: poisoned, failures: []))
        #expect(close(w, [1.0, 2.0]))
        var multi = try MultiKrum(byzantine: 1, keep: 4)
        let m = try #require(try multi.aggregateFit(round: 1, global: [0, 0], results: poisoned, failures: []))
        #expect(close(m, [1.0, 2.0], 1e-4))
        // Too few results for the assumed attackers is refused, not silently wrong.
        #expect(throws: FederationError.self) {
            _ = try krum.aggregateFit(round: 1, global: [0, 0], results: Array(poisoned.prefix(3)), failures: [])
        }
    }

    @Test func krumScoresByHand() {
        // Points 0, 1, 3, 10 on a line, f = 0 → 2 nearest: 0: 1+9 = 10; 1: 1+4 = 5; 3: 4+9 = 13; 10: 49+81 = 130.
        let scores = RobustStatistics.krumScores([[0], [1], [3], [10]], byzantine: 0)
        #expect(scores == [10, 5, 13, 130])
    }

    @Test func dpClipsEachUpdateAndAddsNoiseOfTheStatedSize() throws {
        // Prepare: no noise: an update of norm 5 (3, 4) with C = 1 becomes (0.6, 0.8).
        var quiet = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 0)
        let w = try #require(
            try quiet.aggregateFit(round: 1, global: [0, 0], results: [result(0, [3, 4])], failures: []))
        #expect(close(w, [0.6, 0.8]))
        // Noise: with updates equal to the global model, the output is pure noise of std σ·C/n = 2·1/4 = 0.5.
        var noisy = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 2, seed: 7)
        let zeros = [Float](repeating: 0, count: 20_000)
        let results = (0..<4).map { result($0, zeros) }
        let out = try #require(try noisy.aggregateFit(round: 1, global: zeros, results: results, failures: []))
        let mean = out.reduce(0.0) { $0 + Double($1) } / Double(out.count)
        let std = (out.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(out.count)).squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(std - 0.5) < 0.02)
    }

    @Test func dpKeepsTheInnerStrategysHooksAndClipsAgainstEachClientsOwnModel() throws {
        // FedBuff's staleness bound survives the wrapper (without it the server would drop late updates).
        let buffered = try DPFedAvg(wrapping: try FedBuff(maxStaleness: 3), clippingNorm: 1, noiseMultiplier: 0)
        #expect(buffered.maxStaleness == 3)
        // HeteroFL: client 1 trains the ×½ cnn. Its update is clipped against the submodel it was sent.
        let shape = [1, 8, 8]
        let hetero = try HeteroFLStrategy(model: "cnn", sampleShape: shape, classes: 3)
        var dp = try DPFedAvg(wrapping: hetero, clippingNorm: 1, noiseMultiplier: 0)
        let global = try ModelZoo.make("cnn", sampleShape: shape, classes: 3, width: 1, seed: 1).parameters
        let sent = try #require(dp.configureFit(round: 1, global: global, clients: [1], plan: LocalPlan())[1])
        #expect(sent.parameters == hetero.parameters(forClient: 1, global: global))
        #expect(dp.parameterCount(ofClient: 1, globalCount: global.count) == sent.parameters.count)
        // An update of norm 10 along the first coordinate becomes one of norm 1.
        var trained = sent.parameters
        trained[0] += 10
        let next = try #require(
            try dp.aggregateFit(round: 1, global: global, results: [result(1, trained)], failures: []))
        var plain = try HeteroFLStrategy(model: "cnn", sampleShape: shape, classes: 3)
        var unitStep = sent.parameters
        unitStep[0] += 1
        let alone = try #require(
            try plain.aggregateFit(round: 1, global: global, results: [result(1, unitStep)], failures: []))
        #expect(close(next, alone))
        // A client that sends the wrong size is refused, not misread.
        #expect(throws: FederationError.self) {
            _ = try dp.aggregateFit(round: 1, global: global, results: [result(1, global)], failures: [])
        }
    }

    @Test func dpStateRestoresTheNoiseSequence() throws {
        var a = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 1, seed: 3)
        _ = try a.aggregateFit(round: 1, global: [0], results: [result(0, [0])], failures: [])
        var b = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: 1, seed: 99)
        try b.restoreState(try a.checkpointState())
        let x = try a.aggregateFit(round: 2, global: [0], results: [result(0, [0])], failures: [])
        let y = try b.aggregateFit(round: 2, global: [0], results: [result(0, [0])], failures: [])
        #expect(x == y)
    }

    @Test func badSettingsFailAtConstruction() {
        #expect(throws: FederationError.self) { _ = try FedTrimmedAvg(beta: 0.5) }
        #expect(throws: FederationError.self) { _ = try Krum(byzantine: -1) }
        #expect(throws: FederationError.self) {
            _ = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 0, noiseMultiplier: 1)
        }
        #expect(throws: FederationError.self) {
            _ = try DPFedAvg(wrapping: try FedAvg(), clippingNorm: 1, noiseMultiplier: -1)
        }
    }
}

/// The catalog builds every available strategy by its topology name and refuses bad options.
@Suite struct StrategyCatalogTests {
    @Test(arguments: StrategyCatalog.available)
    func everyAvailableStrategyBuildsWithItsDefaultsAndAggregates(name: String) throws {
        var s = try StrategyCatalog.make(name: name, options: [:])
        // Eight clients near 1 (Krum needs n > 2f + 2), all the same size.
        // Each also carries the extras of the client-side algorithms (a SCAFFOLD control-variate delta).
        let results = (0..<8).map { i in
            var r = result(i, [1 + Float(i) * 0.01, 2])
            r.controlVariateDelta = [0.1, 0]
            return r
        }
        let w = try #require(try s.aggregateFit(round: 1, global: [0, 0], results: results, failures: []))
        #expect(w.count == 2 && w.allSatisfy(\.isFinite))
    }

    @Test func unknownNamesOptionsAndBadValuesSayWhatExists() {
        #expect(throws: FederationError.self) { _ = try StrategyCatalog.make(name: "fedsomething", options: [:]) }
        do {
            _ = try StrategyCatalog.make(name: "fedadam", options: ["lr": 0.1])
            Issue.record("an unknown option was accepted")
        } catch {
            #expect(error.message.contains("server_lr"))
        }
        #expect(throws: FederationError.self) {
            _ = try StrategyCatalog.make(name: "multikrum", options: ["keep": 2.5])
        }
        #expect(throws: FederationError.self) {
            _ = try StrategyCatalog.make(name: "fedtrimmedavg", options: ["beta": 0.7])
        }
    }
}
