import ActorMesh
import ActorMeshTesting
import Distributed
@testable import Federation
import Foundation
import Synchronization
import Testing

/// A trainer that calls `onFit` with its fit count (1 for the first) before training like `inner`.
final class CallbackTrainer: LocalTrainer, Sendable {
    let inner: QuadraticTrainer
    let onFit: @Sendable (Int) -> Void
    let fits = Mutex(0)
    init(_ inner: QuadraticTrainer, onFit: @escaping @Sendable (Int) -> Void) {
        self.inner = inner
        self.onFit = onFit
    }
    var parameterCount: Int { inner.parameterCount }
    var sampleCount: Int { inner.sampleCount }
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        onFit(
            fits.withLock {
                $0 += 1; return $0
            })
        return try inner.fit(from: parameters, plan: plan, hooks: hooks)
    }
    func evaluate(_ parameters: [Float]) throws -> LocalEvaluation { try inner.evaluate(parameters) }
}

/// Clients on their own systems and one aggregator system per site, on one in-memory network:
/// every call (server → aggregator → client) crosses the mesh.
final class SiteFederation: Sendable {
    let network = InMemoryNetwork()
    let server: MeshSystem
    let clientSystems: [MeshSystem]
    let siteSystems: [String: MeshSystem]
    let clients: [Int: ClientActor]
    let aggregators: [String: SiteAggregator]
    let keepAlive = Mutex<[any DistributedActor]>([])

    init(trainers: [any LocalTrainer & Sendable], profiles: [ClientProfile]? = nil, sites: [String]) throws {
        server = try MeshSystem(transport: InMemoryTransport(name: "server", network: network))
        var systems: [MeshSystem] = []
        var refs: [Int: ClientActor] = [:]
        for (i, trainer) in trainers.enumerated() {
            let system = try MeshSystem(transport: InMemoryTransport(name: "client\(i)", network: network))
            let profile = profiles?[i] ?? ClientProfile()
            let actor = try system.makeActor(named: ClientActor.path(for: i)) {
                ClientActor(actorSystem: system, clientID: i, trainer: trainer, profile: profile)
            }
            refs[i] = try ClientActor.resolve(id: actor.id, using: server)
            systems.append(system)
            keepAlive.withLock { $0.append(actor) }
        }
        var siteSystems: [String: MeshSystem] = [:]
        var aggregators: [String: SiteAggregator] = [:]
        for name in sites {
            let system = try MeshSystem(transport: InMemoryTransport(name: "site-\(name)", network: network))
            let actor = try system.makeActor(named: SiteAggregator.path) { SiteAggregator(actorSystem: system) }
            keepAlive.withLock { $0.append(actor) }
            aggregators[name] = try SiteAggregator.resolve(id: actor.id, using: server)
            siteSystems[name] = system
        }
        clientSystems = systems
        clients = refs
        self.siteSystems = siteSystems
        self.aggregators = aggregators
    }

    func shutdown() {
        server.shutdown()
        for s in clientSystems { s.shutdown() }
        for s in siteSystems.values { s.shutdown() }
    }
}

@Suite struct HierarchicalRoundTests {
    /// Six clients pulling towards different points with different sample counts.
    static func trainers() -> [QuadraticTrainer] {
        (0..<6).map { i in
            QuadraticTrainer(target: [Float(i), Float(5 - i) * 0.5, 1.5 * Float(i % 3)], samples: 10 + 7 * i)
        }
    }

    static let config: ServerConfig = {
        var config = ServerConfig(
            rounds: 4, participation: ParticipationPolicy(fraction: 0.67),
            plan: LocalPlan(batchSize: 8, learningRate: 0.3),
            seed: 11)
        config.evaluateEvery = 0
        return config
    }()

    static let sites = [
        AggregationSite(name: "a", clients: [0, 1, 2], link: .mbps(down: 50, up: 10, latencyMilliseconds: 10)),
        AggregationSite(name: "b", clients: [3, 4, 5]),
    ]

    @Test func aFlatFedAvgRunAndItsTwoTierEquivalentReachTheSameModel() async throws {
        // Prepare: the same clients, seed and sampling, once flat and once under two aggregators.
        let flat = try SiteFederation(trainers: Self.trainers(), sites: [])
        defer { flat.shutdown() }
        let flatServer = try FederatedServer(
            system: flat.server, clients: flat.clients, strategy: try FedAvg(), initialParameters: [0, 0, 0],
            evaluator: nil, config: Self.config)
        let tiered = try SiteFederation(trainers: Self.trainers(), sites: ["a", "b"])
        defer { tiered.shutdown() }
        var config = Self.config
        config.sites = Self.sites
        let tieredServer = try FederatedServer(
            system: tiered.server, clients: tiered.clients, strategy: try FedAvg(), initialParameters: [0, 0, 0],
            evaluator: nil, config: config)
        await tieredServer.useAggregators(FixedAggregators(tiered.aggregators))
        // Execute
        let flatReport = try await flatServer.run()
        let tieredReport = try await tieredServer.run()
        // Assert: the same clients took part, and the models agree to float rounding.
        #expect(flatReport.rounds.map { Set($0.completed) } == tieredReport.rounds.map { Set($0.completed) })
        #expect(flatReport.rounds.map(\.invited) == tieredReport.rounds.map(\.invited))
        let a = await flatServer.parameters, b = await tieredServer.parameters
        #expect(a.count == 3 && b.count == 3)
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-5 * max(1, abs(x)), "flat \(a), two-tier \(b)") }
        #expect(a != [0, 0, 0])
        for (f, t) in zip(flatReport.rounds, tieredReport.rounds) {
            #expect(abs((f.trainLoss ?? -1) - (t.trainLoss ?? -2)) < 1e-6)
        }
        // Per tier: one model per site with invited clients went down the WAN, one update per site came
        // up, and the flat equivalent is every invited client's model and every answer's update.
        for round in tieredReport.rounds {
            let tiers = try #require(round.tiers)
            let sitesInvited = Self.sites.filter { !Set($0.clients).isDisjoint(with: round.invited) }.count
            #expect(tiers.aggregatorServerDown == 12 * sitesInvited)
            #expect(tiers.aggregatorServerUp == 12 * sitesInvited)
            #expect(tiers.clientAggregatorDown == 12 * round.invited.count)
            #expect(tiers.flatDown == 12 * round.invited.count && tiers.flatUp == 12 * round.completed.count)
            #expect(tiers.savedBytes == 12 * (2 * round.invited.count - 2 * sitesInvited))
        }
        #expect(tieredReport.summary["WAN bytes saved vs flat"] != nil)
        #expect(flatReport.summary["WAN bytes saved vs flat"] == nil)
    }

    @Test func anAggregatorKilledMidRunLosesItsClientsForTheRoundAndTheRunCompletes() async throws {
        // Prepare: site b's aggregator node is shut down while its client 3 trains in round 2.
        let victim = Mutex<MeshSystem?>(nil)
        var trainers: [any LocalTrainer & Sendable] = Self.trainers()
        trainers[3] = CallbackTrainer(Self.trainers()[3]) { fit in
            if fit == 2 { victim.withLock { $0?.shutdown() } }
        }
        let federation = try SiteFederation(trainers: trainers, sites: ["a", "b"])
        defer { federation.shutdown() }
        victim.withLock { $0 = federation.siteSystems["b"] }
        var config = Self.config
        config.participation = ParticipationPolicy(fraction: 1)
        // Long enough for a loaded machine: the lost aggregator is found by its failed calls, not by this.
        config.callTimeout = .seconds(20)
        config.sites = Self.sites
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: try FedAvg(),
            initialParameters: [0, 0, 0], evaluator: nil, config: config)
        await server.useAggregators(FixedAggregators(federation.aggregators))
        // Execute
        let report = try await server.run()
        // Assert: round 1 whole; from round 2 site b's clients are lost with the reason, site a's go on.
        #expect(report.rounds.count == 4)
        #expect(Set(report.rounds[0].completed) == [0, 1, 2, 3, 4, 5])
        for round in report.rounds.dropFirst() {
            #expect(Set(round.completed) == [0, 1, 2])
            #expect(round.failed == [3, 4, 5])
            #expect(
                round.failureReasons?[3]?.contains("its aggregator (site b)") == true, "\(round.failureReasons ?? [:])")
            #expect(round.aggregationError == nil)
        }
        let w = await server.parameters
        #expect(w != [0, 0, 0])
    }

    @Test func aStrategyThatNeedsEveryUpdateIsRefusedBeforeTheFirstRound() async throws {
        let federation = try SiteFederation(trainers: Self.trainers(), sites: ["a", "b"])
        defer { federation.shutdown() }
        var config = Self.config
        config.sites = Self.sites
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: FedMedian(),
            initialParameters: [0, 0, 0], evaluator: nil, config: config)
        await server.useAggregators(FixedAggregators(federation.aggregators))
        await #expect(throws: FederationError.self) { try await server.run() }
    }

    @Test func aSiteWhoseUpdateArrivesAfterTheDeadlineMakesItsClientsStragglers() async throws {
        // Prepare: site a's uplink carries 12 bytes in 10 s (9.6 bit/s); the deadline is 5 s.
        let federation = try SiteFederation(trainers: Self.trainers(), sites: ["a", "b"])
        defer { federation.shutdown() }
        var config = Self.config
        config.participation = ParticipationPolicy(fraction: 1)
        config.roundDeadlineSeconds = 5
        config.sites = [
            AggregationSite(name: "a", clients: [0, 1, 2], link: SharedLink(upBytesPerSecond: 1.2)),
            AggregationSite(name: "b", clients: [3, 4, 5]),
        ]
        let server = try FederatedServer(
            system: federation.server, clients: federation.clients, strategy: try FedAvg(),
            initialParameters: [0, 0, 0], evaluator: nil, config: config)
        await server.useAggregators(FixedAggregators(federation.aggregators))
        // Execute
        let report = try await server.run()
        // Assert: site a's cut-off is already past (0 s left), so its clients straggle at the aggregator.
        for round in report.rounds {
            #expect(round.straggled == [0, 1, 2])
            #expect(Set(round.completed) == [3, 4, 5])
            #expect(round.virtualSeconds == 5)
        }
    }
}
