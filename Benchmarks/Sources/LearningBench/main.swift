// LearningBench: the machine's sgemm ceiling and training throughput as a fraction of it, in one run.
//
//   swift run -c release --package-path Benchmarks LearningBench
import Foundation
import Learning

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

func sgemmGFLOPs(size n: Int, threads: Int, repeats: Int = 10) -> Double {
    BLAS.threads = threads
    let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
    var c = [Float](repeating: 0, count: n * n)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<repeats {
        let t = clock.now
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            BLAS.gemm(m: n, n: n, k: n, ap.baseAddress!, lda: n, bp.baseAddress!, ldb: n, cp.baseAddress!, ldc: n)
        } } }
        best = min(best, seconds(clock.now - t))
    }
    return 2 * Double(n * n * n) / best / 1e9
}

let data = try FashionMNIST.load()
print("LearningBench")
let ceiling1 = sgemmGFLOPs(size: 1024, threads: 1)
let ceiling2 = sgemmGFLOPs(size: 1024, threads: 2)
print(String(format: "sgemm 1024²: %.1f GFLOP/s on 1 thread, %.1f on 2 threads", ceiling1, ceiling2))

for (name, sizes) in [("logreg", [784, 10]), ("2nn", [784, 200, 200, 10])] {
    for threads in [1, 2] {
        BLAS.threads = threads
        let model = try MLP(layerSizes: sizes, seed: 1)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        var sgd = try SGD(learningRate: 0.05)
        let samples = 20_000
        let t = ContinuousClock.now
        let outcome = training.train(indices: Array(0..<samples), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 1)
        let elapsed = seconds(ContinuousClock.now - t)
        let gflops = outcome.flops / elapsed / 1e9
        let ceiling = threads == 1 ? ceiling1 : ceiling2
        print(String(format: "%@ batch 32, %d thread(s): %.0f samples/s, %.2f GFLOP/s = %.0f%% of the sgemm ceiling", name, threads, Double(samples) / elapsed, gflops, 100 * gflops / ceiling))
    }
}

// The FedAvg paper's CNN: throughput on 1 thread over `--cnn-samples` samples (default 3,200), then,
// with `--epochs N` (default 0), N central epochs of the CNN and the 2NN with their test accuracy.
func argument(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return value }
    return v
}
let cnnSamples = argument("--cnn-samples", default: 3_200)
let epochs = argument("--epochs", default: 0)
BLAS.threads = 1
for width in [1.0, 0.5, 0.25] {
    let cnn = try ModelZoo.make("cnn", sampleShape: data.train.sampleShape, classes: 10, width: width, seed: 1)
    let training = try SupervisedTraining(model: cnn, dataset: data.train)
    var sgd = try SGD(learningRate: 0.05)
    let t = ContinuousClock.now
    let outcome = training.train(indices: Array(0..<cnnSamples), epochs: 1, batchSize: 32, optimizer: &sgd, seed: 1)
    let elapsed = seconds(ContinuousClock.now - t)
    let gflops = outcome.flops / elapsed / 1e9
    print(String(format: "cnn ×%.2f (%d params, %.1f MFLOP fwd/sample) batch 32, 1 thread: %.0f samples/s, %.2f GFLOP/s = %.0f%% of the sgemm ceiling",
                 width, cnn.parameterCount, cnn.forwardFLOPsPerSample / 1e6, Double(cnnSamples) / elapsed, gflops, 100 * gflops / ceiling1))
}
if epochs > 0 {
    for name in ["2nn", "cnn"] {
        let model = try ModelZoo.make(name, sampleShape: data.train.sampleShape, classes: 10, seed: 42)
        let training = try SupervisedTraining(model: model, dataset: data.train)
        var sgd = try SGD(learningRate: 0.05)
        let t = ContinuousClock.now
        for epoch in 1...epochs {
            _ = training.train(indices: Array(0..<data.train.count), epochs: 1, batchSize: 32, optimizer: &sgd, seed: UInt64(epoch))
            let result = training.evaluate(on: data.test)
            print(String(format: "%@ epoch %d: test accuracy %.4f (%.0f s)", name, epoch, result.accuracy, seconds(ContinuousClock.now - t)))
        }
    }
}
