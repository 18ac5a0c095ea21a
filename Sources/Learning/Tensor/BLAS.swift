import COpenBLAS

/// The only place in FedActors that calls `cblas_*` and OpenBLAS thread control.
///
/// Thread policy: FedActors runs many clients (often 15+) in one process on few cores, so the
/// process default is **one BLAS thread** (`BLAS.setThreads(1)`), and parallelism comes from
/// clients training concurrently. Benchmarks set 1 or 2 threads explicitly to measure the ceiling.
public enum BLAS {
    /// Sets the number of OpenBLAS worker threads for the whole process.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of OpenBLAS worker threads currently in use.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// C = alpha * op(A) * op(B) + beta * C, row-major. `a` is m×k (or k×m if `transA`),
    /// `b` is k×n (or n×k if `transB`), `c` is m×n.
    @inlinable
    public static func gemm(
        _ transA: Bool, _ transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float = 0,
        c: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(transA ? m : k), b,
            Int32(transB ? k : n), beta, c, Int32(n))
    }

    /// y = alpha * op(A) * x + beta * y, row-major, A is m×n.
    @inlinable
    public static func gemv(
        _ transA: Bool, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a,
            Int32(n), x, 1, beta, y, 1)
    }

    /// y += alpha * x over `count` elements.
    @inlinable
    public static func axpy(
        count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// The dot product of `x` and `y` over `count` elements.
    @inlinable
    public static func dot(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(count), x, 1, y, 1)
    }

    /// x *= alpha over `count` elements.
    @inlinable
    public static func scal(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(Int32(count), alpha, x, 1)
    }
}
