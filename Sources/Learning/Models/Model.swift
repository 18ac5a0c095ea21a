/// A named slice of the flat parameter vector belonging to one layer (e.g. keep "bn*" local for FedBN).
public struct ParameterGroup: Sendable, Equatable {
    /// The layer's name.
    public let name: String
    /// The group's indices in `Model.flatParameters()`.
    public let range: Range<Int>
}

/// An error from a model operation whose inputs came from outside (e.g. a peer's weights).
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public let description: String
}

/// A sequential model: layers over one flat parameter vector and one flat gradient vector.
/// Not thread-safe: each client owns its own `Model` (a class so buffers are reused, not copied).
public final class Model {
    /// The model's name, e.g. "2nn".
    public let name: String
    /// The layers, in order.
    public let layers: [any Layer]
    /// The number of classes the last layer produces.
    public let classCount: Int
    /// All parameters, layer after layer.
    public private(set) var parameters: [Float]
    /// dL/dparameters of the last minibatch (mean loss), same layout as `parameters`.
    public internal(set) var gradients: [Float]
    /// One parameter group per layer that has parameters.
    public let parameterGroups: [ParameterGroup]
    private let offsets: [Int]
    // Reusable activation buffers sized for the largest batch seen (owned; freed in deinit).
    var activations: [UnsafeMutablePointer<Float>] = []
    var activationGradients: [UnsafeMutablePointer<Float>] = []
    var batchCapacity = 0

    /// Builds a model and initializes its parameters from `seed`. Layer shapes must chain
    /// (a programmer error otherwise).
    public init(name: String, layers: [any Layer], seed: UInt64) {
        precondition(!layers.isEmpty, "Model needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputFeatures == b.inputFeatures, "\(a.name) → \(b.name) shapes do not chain")
        }
        self.name = name
        self.layers = layers
        classCount = layers[layers.count - 1].outputFeatures
        var offs: [Int] = []
        var groups: [ParameterGroup] = []
        var total = 0
        for l in layers {
            offs.append(total)
            if l.parameterCount > 0 { groups.append(ParameterGroup(name: l.name, range: total..<(total + l.parameterCount))) }
            total += l.parameterCount
        }
        offsets = offs
        parameterGroups = groups
        parameters = [Float](repeating: 0, count: total)
        gradients = [Float](repeating: 0, count: total)
        var rng = SeededRandom(seed: seed)
        parameters.withUnsafeMutableBufferPointer { p in
            for (i, l) in layers.enumerated() where l.parameterCount > 0 {
                l.initialize(UnsafeMutableBufferPointer(rebasing: p[offs[i]..<(offs[i] + l.parameterCount)]), rng: &rng)
            }
        }
    }

    /// Features per input sample.
    public var inputFeatures: Int { layers[0].inputFeatures }
    /// Total trainable parameters.
    public var parameterCount: Int { parameters.count }
    /// Forward-pass FLOPs per sample (2 × multiply-adds); training ≈ 3× this.
    public var forwardFLOPsPerSample: Int { layers.reduce(0) { $0 + $1.forwardFLOPsPerSample } }

    /// A copy of all parameters (what FL exchanges).
    public func flatParameters() -> [Float] { parameters }

    /// Replaces all parameters; throws if `flat` has the wrong length.
    public func setFlatParameters(_ flat: [Float]) throws(ModelError) {
        guard flat.count == parameters.count else {
            throw ModelError(description: "\(name): got \(flat.count) parameters, expected \(parameters.count); the sender runs a different model")
        }
        parameters = flat
    }

    /// Gives in-place mutable access to the flat parameters (no copy).
    public func withMutableParameters<R>(_ body: (inout [Float]) throws -> R) rethrows -> R {
        try body(&parameters)
    }

    deinit { freeBuffers() }

    private func freeBuffers() {
        for b in activations { b.deallocate() }
        for b in activationGradients { b.deallocate() }
    }

    func ensureBuffers(batch: Int) {
        guard batch > batchCapacity else { return }
        freeBuffers()
        batchCapacity = batch
        activations = layers.map { l in
            let b = UnsafeMutablePointer<Float>.allocate(capacity: batch * l.outputFeatures)
            b.initialize(repeating: 0, count: batch * l.outputFeatures)
            return b
        }
        activationGradients = layers.map { l in
            let b = UnsafeMutablePointer<Float>.allocate(capacity: batch * l.inputFeatures)
            b.initialize(repeating: 0, count: batch * l.inputFeatures)
            return b
        }
    }

    /// Runs the forward pass on `batch` rows of `input`; the logits end in `activations.last`.
    func forward(_ input: UnsafePointer<Float>, batch: Int, training: Bool) {
        ensureBuffers(batch: batch)
        parameters.withUnsafeBufferPointer { p in
            guard let pb = p.baseAddress else { return }
            var x = input
            for (i, l) in layers.enumerated() {
                l.forward(input: x, batch: batch, parameters: pb + offsets[i], output: activations[i], training: training)
                x = UnsafePointer(activations[i])
            }
        }
    }

    /// Backpropagates dL/dlogits through all layers, filling `gradients`.
    func backward(_ input: UnsafePointer<Float>, logitGradient: UnsafePointer<Float>, batch: Int) {
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                guard let pb = p.baseAddress, let gb = g.baseAddress else { return }
                var dy = logitGradient
                for i in stride(from: layers.count - 1, through: 0, by: -1) {
                    let x = i == 0 ? input : UnsafePointer(activations[i - 1])
                    let dx: UnsafeMutablePointer<Float>? = i == 0 ? nil : activationGradients[i]
                    layers[i].backward(
                        input: x, output: activations[i], outputGradient: dy, batch: batch,
                        parameters: pb + offsets[i], gradients: gb + offsets[i], inputGradient: dx)
                    if let dx { dy = UnsafePointer(dx) }
                }
            }
        }
    }
}
