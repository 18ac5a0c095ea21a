@testable import Agents
import Federation
import Foundation
import Testing
import Topology

/// A strategy written outside the library, in this one file: a server step towards the unweighted
/// mean of the clients' models. Nothing else in FedActors names it.
struct ToyStep: RegisteredStrategy, Codable {
    static let descriptor = StrategyDescriptor(
        name: "toystep", aliases: ["toy-step"],
        options: [StrategyOption("step", "fraction of the way to the clients' mean", default: 1, typical: 0.1...1)],
        preAggregatable: true)

    let step: Double

    init(options: StrategyOptions) throws(FederationError) {
        step = options.value("step")
        guard step > 0, step <= 1 else {
            throw FederationError(.invalidSetting, "toystep step is \(step); it must be in (0, 1]")
        }
    }

    var name: String { "ToyStep(step=\(step))" }

    mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws
        -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        var next = global
        for i in next.indices {
            let mean = results.reduce(0.0) { $0 + Double($1.parameters[i]) } / Double(results.count)
            next[i] += Float(step * (mean - Double(global[i])))
        }
        return next
    }

    /// Refuses runs of one client, to show a strategy's own setting check reaching `validate`.
    func problems(in setting: StrategySetting) -> [SettingProblem] {
        setting.clientCount > 1 ? [] : [SettingProblem("clients", "toystep needs two clients or more")]
    }
}

/// Adding a strategy is one file (above) and one registry line (below): `validate`, the agents'
/// vocabulary and a real run all know it.
@Suite struct ToyStrategyTests {
    /// The one registry line.
    static let registry = StrategyRegistry.standard.adding(ToyStep.self)

    static func topology(_ strategy: String, clients: Int = 3) -> String {
        """
        name: toy
        seed: 7
        clients: [{group: g, count: \(clients)}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: \(strategy)
        training: {rounds: 2, batch_size: 32, learning_rate: 0.05}
        """
    }

    @Test func validateAcceptsItAndReportsItsOwnProblems() throws {
        try StrategyRegistry.$current.withValue(Self.registry) {
            // Execute / Assert: the name, an alias and an option read; a bad value gets the strategy's message.
            let spec = try TopologyReader.parse(Self.topology("{name: toystep, step: 0.5}"), file: "toy.yaml")
            #expect(spec.strategy.name == "toystep" && spec.strategy.options == ["step": 0.5])
            #expect(spec.problems().isEmpty)
            #expect(try TopologyReader.parse(Self.topology("toy-step"), file: "toy.yaml").problems().isEmpty)
            #expect { try TopologyReader.parse(Self.topology("{name: toystep, step: 2}"), file: "toy.yaml") } throws: {
                "\($0)".contains("toystep step is 2.0; it must be in (0, 1]")
            }
            #expect { try TopologyReader.parse(Self.topology("{name: toystep, stpe: 1}"), file: "toy.yaml") } throws: {
                "\($0)".contains("did you mean 'step'?")
            }
            #expect { try TopologyReader.parse(Self.topology("toystep", clients: 1), file: "toy.yaml") } throws: {
                "\($0)".contains("toystep needs two clients or more")
            }
        }
        // Outside the registry that lists it, the name is unknown.
        #expect(throws: (any Error).self) { try TopologyReader.parse(Self.topology("toystep"), file: "toy.yaml") }
    }

    @Test func theAgentsListItAndAcceptItsOptions() throws {
        try StrategyRegistry.$current.withValue(Self.registry) {
            let caps = Capabilities(models: [], strategies: StrategyCatalog.available, partitions: [], datasets: [])
            #expect(Vocabulary.strategies.last == "toystep")
            #expect(caps.strategies.contains("toystep"))
            #expect(ModuleFields(caps: caps).description(of: .strategy).contains("toystep"))
            var module = FederationSpec.StrategyModule(
                name: "toystep", options: ["step": 0.5], sampling: "uniform", compression: "none",
                compressionFraction: nil, errorFeedback: false)
            #expect(SpecRules.problems(module, within: caps).isEmpty)
            module.options = ["step": 3]
            #expect(SpecRules.problems(module, within: caps).contains { $0.contains("toystep step is 3.0") })
            // A card for it takes its hyper-parameters from the descriptor.
            var card = try #require(try MethodCatalog.bundled().card(id: "fedavg"))
            card.id = "toystep"
            let linked = try #require(try MethodCatalog(cards: [card]).card(id: "toystep"))
            #expect(linked.defaultOptions == ["step": 1])
        }
    }

    @Test func aRunUsesIt() async throws {
        try await StrategyRegistry.$current.withValue(Self.registry) {
            // Prepare
            let spec = try TopologyReader.parse(Self.topology("{name: toystep, step: 0.5}"), file: "toy.yaml")
            let launcher = RunLauncher(
                plan: try RunPlan(spec), nodeExecutable: URL(fileURLWithPath: "/proc/self/exe"),
                factory: LearningTrainerFactory(),
                makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) })
            // Execute
            let report = try await launcher.run()
            // Assert: two rounds, every client's update aggregated by the toy, and a model that learned.
            #expect(report.rounds.count == 2)
            #expect(report.rounds.allSatisfy { $0.completed.count == 3 })
            #expect(report.summary.values.contains { $0.contains("ToyStep(step=0.5)") })
            let accuracy = try #require(report.rounds.last?.globalAccuracy)
            #expect(accuracy > 0.3)
        }
    }
}
