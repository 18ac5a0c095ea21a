import Dispatch
import Foundation

/// Where a ``ClientActor``'s training and evaluation run: an actor of its own whose jobs execute on
/// a serial dispatch queue (``ClientExecutor``), not on Swift's cooperative pool.
///
/// Why (issue 27): `LocalTrainer.fit` computes for as long as a local epoch takes, without a
/// suspension point. Run on the actor system's cooperative pool (one thread per core), a node whose
/// clients all train at once held every one of those threads for the whole epoch: its node
/// service could not answer the launcher's heartbeat (`info()`, 1 s deadline), three were missed,
/// the node was marked down and every call waiting on it failed. A CNN epoch over a hospital's
/// 7,500 images takes minutes, so the `messy-hospitals-8` topology with `model: cnn` lost both its
/// nodes in round 1. On dispatch threads the computation still takes the cores, but the
/// cooperative pool stays free to answer heartbeats and other calls; the operating system shares
/// the cores between them.
///
/// At most ``computeSlots`` fits and evaluations of the process compute at once (one per core, as
/// many as the cooperative pool ran before); the others wait suspended, holding no thread.
actor ClientWorkshop {
    private let trainer: any LocalTrainer
    private let executor: ClientExecutor

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The process's turns at computing: one per active core.
    static let computeSlots = ComputeSlots(ProcessInfo.processInfo.activeProcessorCount)

    init(trainer: sending any LocalTrainer, label: String) {
        self.trainer = trainer
        executor = ClientExecutor(label: label)
    }

    /// What the trainer says of itself now: its training samples, parameters and model.
    var facts: (sampleCount: Int, parameterCount: Int, model: ModelDescription?) {
        (trainer.sampleCount, trainer.parameterCount, trainer.modelDescription)
    }

    /// `LocalTrainer.fit` on this workshop's queue, in one of the process's compute slots, and the
    /// trainer's sample count after it.
    func fit(from parameters: [Float], plan: LocalPlan, hooks: ClientHooks) async throws -> (
        fit: LocalFit, sampleCount: Int
    ) {
        await Self.computeSlots.acquire()
        let outcome = Result { try trainer.fit(from: parameters, plan: plan, hooks: hooks) }
        await Self.computeSlots.release()
        return (try outcome.get(), trainer.sampleCount)
    }

    /// `LocalTrainer.evaluate` on this workshop's queue, in one of the process's compute slots.
    func evaluate(_ parameters: [Float]) async throws -> LocalEvaluation {
        await Self.computeSlots.acquire()
        let outcome = Result { try trainer.evaluate(parameters) }
        await Self.computeSlots.release()
        return try outcome.get()
    }
}

/// A serial executor over a dispatch queue of its own. A queue made without a target runs on
/// libdispatch's overcommitting threads, which are not Swift's cooperative pool: a job that
/// blocks its thread for minutes leaves the pool's threads to the rest of the process.
final class ClientExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A counting semaphore for async callers: ``acquire()`` suspends (holding no thread) until one of
/// the `count` slots is free; ``release()`` hands the slot to the longest waiter.
actor ComputeSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = max(1, count) }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
