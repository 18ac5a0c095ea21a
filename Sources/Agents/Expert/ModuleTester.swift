import Federation
import Foundation
import Topology

/// The module testers' checks. They execute, not inspect: the partition is built, the model trains a
/// step on real data, the strategy aggregates a toy round, the server settings are validated against
/// the population. Each failure names the module and what to change.
package struct ModuleTester: Sendable {
    package let factory: any TrainerFactory

    package init(factory: any TrainerFactory) {
        self.factory = factory
    }

    /// The failures of `module` in `spec` against `plan` (empty: it passes): the module's own checks,
    /// then whether the composed topology implements each of the plan's steps that this module builds
    /// (``PlanConformance``), so a step the spec dropped or replaced fails the module's test.
    package func check(_ module: FederationSpec.Module, of spec: FederationSpec, against plan: Plan) -> [String] {
        let own = check(module, of: spec)
        return own + PlanConformance.differences(plan.steps.filter { $0.module == module }, in: spec)
    }

    /// The failures of `module` in `spec` (empty: it passes).
    package func check(_ module: FederationSpec.Module, of spec: FederationSpec) -> [String] {
        do {
            switch module {
            case .task: return try checkTask(spec)
            case .client: return try checkClient(spec)
            case .strategy: return try checkStrategy(spec)
            case .server: return try checkServer(spec)
            }
        } catch {
            return ["\(module.rawValue): \(error)"]
        }
    }

    /// The topology the spec reads as (its vocabulary and ranges), then one client's data and model
    /// built and trained for one step on a few samples.
    func checkTask(_ spec: FederationSpec) throws -> [String] {
        let plan = try RunPlan(try spec.topology())
        var setup = plan.setup(for: plan.spec.hosts.first?.name ?? "local")
        setup.sampleLimit = 32
        let trainer = try factory.makeTrainer(setup, clientID: 0)
        let (_, initial) = try factory.makeEvaluator(setup)
        let fit = try trainer.fit(
            from: initial, plan: LocalPlan(epochs: 1, batchSize: 16, learningRate: 0.01), hooks: ClientHooks())
        guard fit.parameters.count == initial.count, fit.parameters.allSatisfy(\.isFinite), fit.trainLoss.isFinite
        else {
            return [
                """
                task: one training step of \(spec.task.model) on \(spec.task.dataset) gave non-finite parameters or \
                loss
                """
            ]
        }
        return []
    }

    func checkClient(_ spec: FederationSpec) throws -> [String] {
        let c = spec.client
        _ = try LocalPlan(
            epochs: c.localEpochs, batchSize: c.batchSize, learningRate: Float(c.learningRate),
            momentum: Float(c.momentum)
        ).validated()
        return c.learningRate > 1
            ? ["client: learning rate \(c.learningRate) is above 1; SGD on these models diverges"] : []
    }

    /// The strategy is built from its settings and aggregates three clients' toy updates into a
    /// finite model of the right size. The toy results carry a control-variate delta, which SCAFFOLD
    /// requires and every other strategy ignores.
    func checkStrategy(_ spec: FederationSpec) throws -> [String] {
        var strategy = try StrategyCatalog.make(name: spec.strategy.name, options: spec.strategy.options)
        let global: [Float] = [0, 0, 0, 0]
        let results = (0..<3).map { i in
            FitResult(
                clientID: i, parameters: global.map { $0 + Float(i + 1) * 0.1 }, sampleCount: 10 * (i + 1),
                trainLoss: 1,
                localSteps: 3, flops: 1, computeSeconds: 0, controlVariateDelta: [0.01, 0, 0, 0])
        }
        let next = try strategy.aggregateFit(round: 1, global: global, results: results, failures: [])
        if let next, next.count != global.count || !next.allSatisfy(\.isFinite) {
            return [
                """
                strategy: \(strategy.name) aggregated a toy round into \(next.count) values (expected \
                \(global.count), all finite)
                """
            ]
        }
        return []
    }

    func checkServer(_ spec: FederationSpec) throws -> [String] {
        let plan = try RunPlan(try spec.topology())
        let config = try plan.serverConfig.validated(clients: spec.server.clients)
        let k = config.participation.target(population: spec.server.clients)
        return k < config.participation.minFit
            ? ["server: \(k) clients per round cannot reach min_fit \(config.participation.minFit)"] : []
    }
}
