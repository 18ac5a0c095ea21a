// LearningBench: the sgemm ceiling (1 and 2 threads) and 2NN training throughput as a fraction of it.
// Run: swift run -c release --package-path Benchmarks LearningBench
import Foundation
import Learning

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func sgemmGFLOPs(n: Int, threads: Int) -> Double {
    BLAS.setThreads(threads)
    let a = [Float](repeating: 0.5, count: n * n), b = a
    var c = [Float](repeating: 0, count: n * n)
    var best = 0.0
    for _ in 0..<5 {
        let t = a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            seconds { BLAS.gemm(false, false, m: n, n: n, k: n, a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!) }
        } } }
        best = max(best, 2 * Double(n * n * n) / t / 1e9)
    }
    return best
}

func run() throws {
    let ceiling1 = sgemmGFLOPs(n: 1024, threads: 1)
    let ceiling2 = sgemmGFLOPs(n: 1024, threads: 2)
    print(String(format: "sgemm 1024²: %.1f GFLOP/s (1 thread), %.1f GFLOP/s (2 threads)", ceiling1, ceiling2))
    BLAS.setThreads(1)
    let train = try FashionMNIST.train(), test = try FashionMNIST.test()
    let model = ModelZoo.twoNN(seed: 1)
    // Usage: LearningBench [epochs=5] [learning rate=0.02] (SGD, momentum 0.9, batch 64).
    let args = Array(CommandLine.arguments.dropFirst())
    let epochs = max(1, Int(args.first ?? "5") ?? 5)
    let lr = Float(args.dropFirst().first ?? "0.02") ?? 0.02
    var sgd = SGD(learningRate: lr, momentum: 0.9)
    for epoch in 1...epochs {
        var r = TrainResult(meanLoss: 0, samples: 0)
        let t = try seconds { r = try model.trainEpoch(on: train, indices: Array(0..<train.count), optimizer: &sgd, batchSize: 64, seed: UInt64(epoch)) }
        // Training FLOPs: forward + dW + dx per layer (3× forward), minus the first layer's dx, which is never computed.
        let trainFLOPs = 3 * model.forwardFLOPsPerSample - model.layers[0].forwardFLOPsPerSample
        let flops = Double(trainFLOPs) * Double(r.samples) / t / 1e9
        let e = try model.evaluate(on: test, indices: Array(0..<test.count))
        print(String(format: "2NN epoch %d: loss %.4f, test acc %.2f%%, %.0f samples/s, %.1f GFLOP/s = %.0f%% of 1-thread sgemm",
                     epoch, r.meanLoss, 100 * e.accuracy, Double(r.samples) / t, flops, 100 * flops / ceiling1))
    }
}

do { try run() } catch {
    print("LearningBench: \(error)")
    exit(1)
}
