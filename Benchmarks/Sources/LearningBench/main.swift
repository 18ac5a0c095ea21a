// LearningBench: training throughput as a fraction of the sgemm 1024² ceiling measured adjacent in
// time (see AdjacentCeilingMeasurement), and optionally central test accuracy.
//
//   swift run -c release --package-path Benchmarks LearningBench [--repetitions N] [--cnn-samples N]
//       [--layers] [--epochs N [--models 2nn,cnn] [--lr 0.05] [--momentum 0] [--schedule constant|cosine]]
import Foundation
import Learning

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
func argument(_ name: String, default value: Int) -> Int { argument(name).flatMap { Int($0) } ?? value }
func argument(_ name: String, default value: Float) -> Float { argument(name).flatMap { Float($0) } ?? value }

// Measure the kernels `fedactors` itself runs: on a CPU this OpenBLAS does not recognise, it would
// otherwise fall back to SSE3 kernels, and the "ceiling" would be that fallback's, not the machine's.
BLASKernels.relaunchWithWiderKernelsIfNeeded()

let repetitions = max(1, argument("--repetitions", default: 5))
// Samples per CNN repetition (default 640 = 20 batches of 32).
let cnnSamples = max(32, argument("--cnn-samples", default: 640))
let epochs = argument("--epochs", default: 0)

let data = try FashionMNIST.load()
print(
    """
    LearningBench: \(repetitions) repetitions per model, each between two sgemm 1024² ceiling samples on the same \
    thread count (OpenBLAS kernels: \(BLASKernels.active))
    """
)

/// Trains `model` on `samples` samples per call (batch 32, plain SGD lr 0.05), after one warm-up batch
/// that sizes the buffers; every call continues training the same model.
func trainingWorkload(_ model: any TrainableModel, samples: Int, fused: Bool = true) throws -> () -> (
    flops: Double, samples: Int
) {
    let training = try SupervisedTraining(model: model, dataset: data.train)
    training.fusesPlainSGD = fused
    var sgd = try SGD(learningRate: 0.05)
    _ = training.train(indices: Array(0..<32), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 0)
    var seed: UInt64 = 0
    return {
        seed += 1
        let outcome = training.train(indices: Array(0..<samples), epochs: 1, batchSize: 32, optimizer: &sgd, seed: seed)
        return (outcome.flops, outcome.samples)
    }
}

for (name, sizes) in [("logreg", [784, 10]), ("2nn", [784, 200, 200, 10])] {
    for threads in [1, 2] {
        BLAS.threads = threads
        let workload = try trainingWorkload(try ModelZoo.perceptron(layerSizes: sizes, seed: 1), samples: 5_000)
        let m = AdjacentCeilingMeasurement.run(threads: threads, repetitions: repetitions, workload)
        print("\(name) batch 32, \(threads) thread(s): \(m.summary())")
    }
}

// The 2NN's fused plain-SGD step (Dense folds the update into its sgemm) against gradient-then-step,
// interleaved in one run (1 thread).
do {
    BLAS.threads = 1
    let fused = try trainingWorkload(try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 1), samples: 5_000)
    let unfused = try trainingWorkload(
        try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 1), samples: 5_000, fused: false)
    var ratios: [Double] = []
    for _ in 0..<max(3, repetitions) {
        let t0 = ContinuousClock.now
        _ = unfused()
        let t1 = ContinuousClock.now
        _ = fused()
        let t2 = ContinuousClock.now
        ratios.append((t1 - t0) / (t2 - t1))
    }
    ratios.sort()
    print(
        String(
            format:
                """
                2nn fused plain-SGD step vs gradient then SGD.step, 1 thread: %.2f× faster (median of %d, min %.2f, \
                max %.2f)
                """,
            ratios[ratios.count / 2], ratios.count, ratios[0], ratios[ratios.count - 1]))
}

// The FedAvg paper's CNN on 1 thread.
for width in [1.0, 0.5, 0.25] {
    BLAS.threads = 1
    let cnn = try ModelZoo.make("cnn", sampleShape: data.train.sampleShape, classes: 10, width: width, seed: 1)
    let workload = try trainingWorkload(cnn, samples: cnnSamples)
    let m = AdjacentCeilingMeasurement.run(threads: 1, repetitions: repetitions, workload)
    print(
        String(
            format: "cnn ×%.2f (%d params, %.1f MFLOP fwd/sample, %.1f MFLOP train/sample) batch 32, 1 thread: ",
            width, cnn.parameterCount, cnn.forwardFLOPsPerSample / 1e6, cnn.trainingFLOPsPerSample / 1e6) + m.summary())
}

// With `--layers`: where one CNN ×1 training step of batch 32 spends its time, layer by layer.
if CommandLine.arguments.contains("--layers"),
    let cnn = try ModelZoo.make("cnn", sampleShape: data.train.sampleShape, classes: 10, seed: 1) as? SequentialNetwork
{
    BLAS.threads = 1
    print("cnn ×1.00 batch 32, 1 thread, per layer (best of 10 steps):")
    for line in try layerProfile(cnn, batch: 32, repeats: 10, seed: 1) { print(line) }
}

// With `--epochs N`: N central epochs over the whole training set, test accuracy after each.
if epochs > 0 {
    let models = (argument("--models") ?? "2nn,cnn").split(separator: ",").map(String.init)
    let learningRate = argument("--lr", default: Float(0.05))
    let momentum = argument("--momentum", default: Float(0))
    let schedule: LearningRateSchedule = argument("--schedule") == "cosine" ? .cosine(total: epochs) : .constant
    let scheduleName = schedule == .constant ? "constant" : "cosine over \(epochs) epochs (per epoch)"
    BLAS.threads = 1
    print(
        """
        central training: batch 32, SGD lr \(learningRate), momentum \(momentum), schedule \(scheduleName), 1 thread, \
        seed 42
        """
    )
    for name in models {
        let model = try ModelZoo.make(name, sampleShape: data.train.sampleShape, classes: 10, seed: 42)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        var sgd = try SGD(learningRate: learningRate, momentum: momentum)
        let t = ContinuousClock.now
        for epoch in 1...epochs {
            sgd.learningRate = Float(schedule.rate(base: Double(learningRate), at: epoch - 1))
            _ = training.train(
                indices: Array(0..<data.train.count), epochs: 1, batchSize: 32, optimizer: &sgd, seed: UInt64(epoch))
            let result = training.evaluate(on: data.test)
            print(
                String(
                    format: "%@ epoch %d (lr %.4f): test accuracy %.4f (%.0f s)", name, epoch, sgd.learningRate,
                    result.accuracy, seconds(ContinuousClock.now - t)))
        }
    }
}
