/// One stage of a ``SequentialNetwork``: batched forward and backward over contiguous buffers.
///
/// Shapes are per sample and exclude the batch; images are channels-last `[H, W, C]`, so a batch is
/// NHWC and a ``Conv2D`` runs as one sgemm per batch. A layer's parameters are a slice of the
/// network's flat vector; it writes (not adds) its gradient slice. Every batch and slice comes as a
/// bounded buffer: `x` and `dx` hold at least `count` × ``inputSize`` floats, `y` and `dy` `count` ×
/// ``outputSize``, `parameters` and `gradient` ``parameterCount`` (debug builds check it). Layers keep
/// whatever they need between forward and backward (small im2col columns, argmax indices, masks) in
/// their own reusable buffers, or rebuild it from `x` in backward (``Conv2D``'s large columns).
public protocol Layer: AnyObject {
    /// Per-sample input shape.
    var inputShape: [Int] { get }
    /// Per-sample output shape.
    var outputShape: [Int] { get }
    /// Kind prefix of the layer's group names (`conv`, `dense`, …); the network appends its index.
    var kind: String { get }
    /// The layer's parameter groups in storage order: name suffix (`weight`, `bias`) and length.
    var parameterLayout: [(suffix: String, count: Int)] { get }
    /// Writes initial values into the layer's parameter slice.
    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro)
    /// y ← layer(x) for `count` samples.
    func forward(
        _ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>, count: Int,
        parameters: UnsafeBufferPointer<Float>, training: Bool)
    /// Given dL/dy (which the layer may overwrite), writes dL/d(parameters) into `gradient` and, when
    /// `dx` is not nil, dL/dx into `dx`. `x` and `y` are the last forward's input and output, unchanged
    /// since that forward.
    func backward(
        input x: UnsafeBufferPointer<Float>, output y: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeMutableBufferPointer<Float>, inputGradient dx: UnsafeMutableBufferPointer<Float>?,
        count: Int, parameters: UnsafeBufferPointer<Float>, gradient: UnsafeMutableBufferPointer<Float>)
    /// Suffixes of groups that are state, not trained (e.g. BatchNorm's running statistics).
    var untrainedSuffixes: [String] { get }
    /// The named parts of the layer's parameter slice, in storage order. A plain layer is one part
    /// (itself); a layer built from sub-layers (``ResidualBlock``) lists its sub-layers' parts, so the
    /// network names their groups as it names top-level layers' (`conv3.weight`, `bn3.running_var`).
    var parameterParts: [ParameterPart] { get }
    /// After a train-mode forward: folds the batch's statistics into the layer's state groups.
    func updateRunningStatistics(_ parameters: UnsafeMutableBufferPointer<Float>)
    /// FLOPs of one sample's forward pass.
    var forwardFLOPs: Double { get }
    /// FLOPs of one sample's parameter gradient.
    var parameterGradientFLOPs: Double { get }
    /// FLOPs of one sample's input gradient.
    var inputGradientFLOPs: Double { get }
}

extension Layer {
    public var parameterLayout: [(suffix: String, count: Int)] { [] }
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, rng: inout Xoshiro) {}
    public var untrainedSuffixes: [String] { [] }
    public var parameterParts: [ParameterPart] {
        parameterLayout.isEmpty
            ? [] : [ParameterPart(kind: kind, layout: parameterLayout, untrainedSuffixes: untrainedSuffixes)]
    }
    public func updateRunningStatistics(_ parameters: UnsafeMutableBufferPointer<Float>) {}
    public var parameterGradientFLOPs: Double { 0 }
    public var inputGradientFLOPs: Double { 0 }
    public var forwardFLOPs: Double { 0 }
    /// Floats of one input sample.
    public var inputSize: Int { inputShape.reduce(1, *) }
    /// Floats of one output sample.
    public var outputSize: Int { outputShape.reduce(1, *) }
    /// Total parameters of the layer.
    public var parameterCount: Int { parameterLayout.reduce(0) { $0 + $1.count } }
}

/// A named run of parameter groups inside one layer's slice: the groups of one (sub-)layer.
public struct ParameterPart {
    /// Kind prefix of the group names (`conv`, `bn`, …); the network appends its own per-kind index.
    public var kind: String
    /// Group name suffixes and lengths, in storage order.
    public var layout: [(suffix: String, count: Int)]
    /// Suffixes of groups that are state, not trained.
    public var untrainedSuffixes: [String]
}

/// Column sums of a rows × columns row-major matrix into `sums` (overwritten): a bias gradient.
/// They are mᵀ·1, one sgemv per block of up to `ones.count` rows: a plain loop ran at about
/// 2 GFLOP/s on the second conv's 6,272 × 64 output gradient (1% of a CNN step).
func columnSums(_ m: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
    guard columns > 0 else { return }
    guard rows > 0 else { sums.update(repeating: 0, count: columns); return }
    ones.withUnsafeBufferPointer { ones in
        guard let one = ones.baseAddress else { return }
        var start = 0
        while start < rows {
            let block = min(ones.count, rows - start)
            BLAS.gemv(
                transpose: true, m: block, n: columns, m + start * columns, lda: columns, one, beta: start == 0 ? 0 : 1,
                sums)
            start += block
        }
    }
}

/// The vector of ones that `columnSums` multiplies by.
private let ones = [Float](repeating: 1, count: 8192)

/// Fills each of `rows` rows of `y` with `bias` (the start of y = x·W + b).
func broadcastRows(_ bias: UnsafePointer<Float>, rows: Int, columns: Int, into y: UnsafeMutablePointer<Float>) {
    for r in 0..<rows { (y + r * columns).update(from: bias, count: columns) }
}
