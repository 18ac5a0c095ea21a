import Dispatch
import Foundation
import Synchronization

/// The server's central evaluation split across cores: the test set is cut into contiguous shards,
/// each with its own model copy, evaluated at the same time and summed. Between rounds every client
/// is idle, so a single-threaded evaluation would leave all cores but one waiting for it.
///
/// Accuracy is exactly the unsharded one (correct predictions are counted per shard); the loss is the
/// same sum taken in a different order, equal within float rounding. It only evaluates: `fit` throws.
package final class ShardedEvaluator: LocalTrainer {
    private let shards: [any LocalTrainer]
    package let parameterCount: Int
    package let parameterGroups: [ParameterGroup]
    package let modelDescription: ModelDescription?
    package let sampleFLOPs: SampleFLOPs?
    package var sampleCount: Int { 0 }

    /// - Parameter shards: evaluators of disjoint parts of the data, all for the same model layout.
    package init(shards: [any LocalTrainer]) throws(FederationError) {
        guard let first = shards.first else {
            throw FederationError(.invalidSetting, "a sharded evaluator needs at least one shard")
        }
        guard shards.allSatisfy({ $0.parameterCount == first.parameterCount }) else {
            throw FederationError(
                .invalidSetting,
                "the evaluator's shards have different parameter counts: \(shards.map(\.parameterCount))")
        }
        self.shards = shards
        parameterCount = first.parameterCount
        parameterGroups = first.parameterGroups
        modelDescription = first.modelDescription
        sampleFLOPs = first.sampleFLOPs
    }

    /// How many shards to cut a test set of `samples` into: one per core, none smaller than
    /// `minimumShard` samples (below that the hand-off costs more than it saves), at most 8.
    package static func shardCount(
        samples: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount, minimumShard: Int = 1_000
    ) -> Int {
        max(1, min(cores, 8, samples / max(1, minimumShard)))
    }

    package func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) throws -> LocalFit {
        throw FederationError(.invalidSetting, "the server's evaluator evaluates the global model; it does not train")
    }

    package func evaluate(_ parameters: [Float]) throws -> LocalEvaluation {
        guard parameters.count == parameterCount else {
            throw FederationError(
                .invalidUpdate,
                "the evaluator's model has \(parameterCount) parameters; \(parameters.count) were given to evaluate")
        }
        if shards.count == 1 { return try shards[0].evaluate(parameters) }
        let results = Results(count: shards.count)
        // Each shard (a model and its buffers) is touched by exactly one iteration.
        let shards = UncheckedShards(shards)
        DispatchQueue.concurrentPerform(iterations: shards.value.count) { i in
            results.set(i, Result { try shards.value[i].evaluate(parameters) })
        }
        var lossSum = 0.0, correct = 0.0, total = 0
        for result in try results.all() {
            lossSum += result.loss * Double(result.sampleCount)
            correct += (result.accuracy * Double(result.sampleCount)).rounded()
            total += result.sampleCount
        }
        guard total > 0 else { return LocalEvaluation(loss: 0, accuracy: 0, sampleCount: 0) }
        return LocalEvaluation(loss: lossSum / Double(total), accuracy: correct / Double(total), sampleCount: total)
    }

    /// The shards' outcomes, written once each from the worker threads.
    private final class Results: Sendable {
        private let slots: Mutex<[Result<LocalEvaluation, any Error>?]>
        init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
        func set(_ i: Int, _ r: Result<LocalEvaluation, any Error>) { slots.withLock { $0[i] = r } }
        func all() throws -> [LocalEvaluation] {
            try slots.withLock { $0 }.map { slot in
                guard let slot else { throw FederationError(.invalidSetting, "an evaluation shard did not report") }
                return try slot.get()
            }
        }
    }

    /// The shards handed to `concurrentPerform`'s worker threads.
    // Safety: iteration i uses only shard i, and `evaluate` waits for every iteration before it
    // returns, so no shard is ever used by two threads at once or after the call.
    private struct UncheckedShards: @unchecked Sendable {
        let value: [any LocalTrainer]
        init(_ value: [any LocalTrainer]) { self.value = value }
    }
}
