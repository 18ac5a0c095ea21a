internal import COpenBLAS
import Foundation

/// The OpenBLAS calls FedActors uses. This module is the only importer of COpenBLAS.
///
/// Pointers are row-major; shapes are checked by the callers (layers), which own their buffers.
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C with op(A) m×k, op(B) k×n, C m×n (row-major).

    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y ← α·op(A)·x + β·y with A a row-major m×n matrix; op(A) is Aᵀ (x has m elements, y has n)
    /// when `transpose` is set, else A (x has n, y has m).

    public static func gemv(
        transpose: Bool = false, m: Int, n: Int, alpha: Float = 1, _ a: UnsafePointer<Float>, lda: Int,
        _ x: UnsafePointer<Float>, beta: Float = 0, _ y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
            beta, y, 1)
    }

    /// y ← α·x + y over `count` elements.

    public static func axpy(_ count: Int, alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(blasint(count), alpha, x, 1, y, 1)
    }

    /// x·y over `count` elements.

    public static func dot(_ count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        cblas_sdot(blasint(count), x, 1, y, 1)
    }

    /// x ← α·x over `count` elements.

    public static func scale(_ count: Int, alpha: Float, _ x: UnsafeMutablePointer<Float>) {
        cblas_sscal(blasint(count), alpha, x, 1)
    }

    /// Applies the default thread policy once per process: 1 thread per call, unless the user set
    /// OPENBLAS_NUM_THREADS. Measured here (LearningBench): the 2NN's batch-32 GEMMs gain nothing from
    /// a second OpenBLAS thread (16,150 vs 15,000 samples/s; an earlier build measured 20k vs 8k),
    /// because the matrices are too small to split, while a node's other clients need that core.
    public static func applyDefaultPolicy() {
        _ = defaultPolicy
    }

    private static let defaultPolicy: Void = {
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil { openblas_set_num_threads(1) }
    }()

    /// Threads OpenBLAS uses for one call.
    ///
    /// Policy: a process that trains many clients concurrently (the simulator's nodes) sets 1, so that
    /// concurrency comes from clients, one per core, and OpenBLAS does not oversubscribe the cores;
    /// a process training one model (central training, benchmarks) may use every core.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }
}
