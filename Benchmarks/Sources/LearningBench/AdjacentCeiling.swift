import Foundation
import Learning

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

/// GFLOP/s of a real n×n·n×n sgemm on `threads` OpenBLAS threads: the best of `repeats` calls.
func sgemmGFLOPs(size n: Int, threads: Int, repeats: Int) -> Double {
    BLAS.threads = threads
    let a = [Float](repeating: 0.5, count: n * n), b = [Float](repeating: 0.25, count: n * n)
    var c = [Float](repeating: 0, count: n * n)
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<repeats {
        let t = clock.now
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    guard let ap = ap.baseAddress, let bp = bp.baseAddress, let cp = cp.baseAddress else { return }
                    BLAS.gemm(m: n, n: n, k: n, ap, lda: n, bp, ldb: n, cp, ldc: n)
                }
            }
        }
        best = min(best, seconds(clock.now - t))
    }
    return 2 * Double(n * n * n) / best / 1e9
}

/// A workload's throughput against the sgemm 1024² ceiling measured adjacent in time.
///
/// The machine's load changes during a run (it is shared), so one ceiling taken at the start is not
/// the ceiling a later workload ran against. Instead the run alternates: ceiling, workload, ceiling,
/// workload, …, ceiling. Each workload repetition is divided by the mean of the two ceilings around
/// it (same thread count), and the report is the median of those ratios.
struct AdjacentCeilingMeasurement {
    /// GFLOP/s of each ceiling sample: one more than there are repetitions.
    var ceilings: [Double] = []
    /// (GFLOP/s, samples/s) of each workload repetition.
    var runs: [(gflops: Double, samplesPerSecond: Double)] = []

    /// Workload GFLOP/s over the mean of its two neighbouring ceilings, per repetition.
    var ratios: [Double] { runs.indices.map { runs[$0].gflops / ((ceilings[$0] + ceilings[$0 + 1]) / 2) } }

    /// Runs `repetitions` of `workload` (which returns the FLOPs and samples it did) on `threads`,
    /// each between two ceiling samples of `ceilingRepeats` sgemm calls.
    static func run(
        threads: Int, repetitions: Int, ceilingRepeats: Int = 3,
        _ workload: () -> (flops: Double, samples: Int)
    ) -> AdjacentCeilingMeasurement {
        var m = AdjacentCeilingMeasurement()
        m.ceilings.append(sgemmGFLOPs(size: 1024, threads: threads, repeats: ceilingRepeats))
        for _ in 0..<repetitions {
            BLAS.threads = threads
            let t = ContinuousClock.now
            let work = workload()
            let elapsed = seconds(ContinuousClock.now - t)
            m.runs.append((work.flops / elapsed / 1e9, Double(work.samples) / elapsed))
            m.ceilings.append(sgemmGFLOPs(size: 1024, threads: threads, repeats: ceilingRepeats))
        }
        return m
    }

    /// One line: median throughput, the adjacent ceilings' range, and the median (min–max) ratio.
    func summary() -> String {
        let r = ratios.sorted()
        return String(
            format:
                """
                %.0f samples/s, %.2f GFLOP/s; adjacent sgemm 1024² ceiling %.1f–%.1f GFLOP/s; ratio median %.0f%% \
                (min %.0f%%, max %.0f%%) over %d repetitions
                """,
            median(runs.map(\.samplesPerSecond)), median(runs.map(\.gflops)), ceilings.min() ?? 0, ceilings.max() ?? 0,
            100 * median(r), 100 * (r.first ?? 0), 100 * (r.last ?? 0), r.count)
    }
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return 0 }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
