/// HeteroFL's submodel layout: where each parameter of a width-w model sits in the ×1 model.
///
/// A width-w model keeps the first ⌈w·n⌉ channels (or units) of every hidden layer, so its conv
/// weight (f, kh, kw, c) is the full model's (f, kh, kw, c) at the full model's channel counts, and a
/// dense weight's input index is the position the kept activation has in the full model's flattened
/// activation; a batch norm keeps its first ⌈w·n⌉ channels of each group, and a residual block maps
/// its branches' layers the same way. A server scatters each client's vector through this map to
/// aggregate into the ×1 model (and gathers through it to build a client's submodel).
package enum HeteroFL {
    /// `map[i]` is the index in the ×1 vector of parameter `i` of the width-`width` model.
    package static func indexMap(model name: String, sampleShape: [Int], classes: Int, width: Double)
        throws(LearningError) -> [Int]
    {
        let small = try layers(name, sampleShape: sampleShape, classes: classes, width: width)
        let full = try layers(name, sampleShape: sampleShape, classes: classes, width: 1)
        var map: [Int] = []
        var fullOffset = 0
        // activation[i] = the full model's position of the small model's activation i.
        var activation = Array(0..<small[0].inputSize)
        for (s, f) in zip(small, full) {
            activation = append(s, f, fullOffset: &fullOffset, input: activation, to: &map)
        }
        return map
    }

    /// How many parameters the width-`width` model has, without building its map or its weights
    /// (a caller can check this before ``indexMap(model:sampleShape:classes:width:)`` allocates one
    /// index per parameter).
    package static func parameterCount(model name: String, sampleShape: [Int], classes: Int, width: Double)
        throws(LearningError) -> Int
    {
        var total = 0
        for layer in try layers(name, sampleShape: sampleShape, classes: classes, width: width) {
            let (sum, overflow) = total.addingReportingOverflow(layer.parameterCount)
            guard !overflow else {
                throw LearningError(
                    .shapeMismatch, "model '\(name)' for samples \(sampleShape) has too many parameters")
            }
            total = sum
        }
        return total
    }

    /// The layers of the width-scaled zoo model `name`.
    private static func layers(_ name: String, sampleShape: [Int], classes: Int, width: Double) throws(LearningError)
        -> [any Layer]
    {
        switch name {
        case "cnn": return try ModelZoo.cnnLayers(sampleShape: sampleShape, classes: classes, width: width)
        case "resnet8": return try ModelZoo.resnet8Layers(sampleShape: sampleShape, classes: classes, width: width)
        default:
            throw LearningError(
                .invalidSetting, "model '\(name)' has no width-scaled variants; HeteroFL supports: cnn, resnet8")
        }
    }

    /// Appends the map of one layer of the small model (`s`) onto its counterpart in the full one (`f`),
    /// whose slice starts at `fullOffset` (advanced past it); `input` holds the full positions of the
    /// small layer's input. Returns those of its output.
    private static func append(
        _ s: any Layer, _ f: any Layer, fullOffset: inout Int, input activation: [Int], to map: inout [Int]
    ) -> [Int] {
        switch (s, f) {
        case let (s as Conv2D, f as Conv2D):
            let (k, cs, cf) = (s.kernel, s.inputShape[2], f.inputShape[2])
            for o in 0..<s.filters {
                for t in 0..<(k * k) { for c in 0..<cs { map.append(fullOffset + (o * k * k + t) * cf + c) } }
            }
            if s.usesBias {
                let biasStart = fullOffset + f.filters * k * k * cf
                map.append(contentsOf: (0..<s.filters).map { biasStart + $0 })
            }
        case let (s as Dense, f as Dense):
            for i in 0..<s.inputs { for j in 0..<s.outputs { map.append(fullOffset + activation[i] * f.outputs + j) } }
            let biasStart = fullOffset + f.inputs * f.outputs
            map.append(contentsOf: (0..<s.outputs).map { biasStart + $0 })
        case let (s as BatchNorm, f as BatchNorm):
            // γ, β, running mean and variance: each the first channels of the full group.
            for group in 0..<s.parameterLayout.count {
                for c in 0..<s.channels { map.append(fullOffset + group * f.channels + c) }
            }
        case let (s as ResidualBlock, f as ResidualBlock):
            var offset = fullOffset
            var branch = activation
            for (a, b) in zip(s.branches.main, f.branches.main) {
                branch = append(a, b, fullOffset: &offset, input: branch, to: &map)
            }
            for (a, b) in zip(s.branches.shortcut, f.branches.shortcut) {
                _ = append(a, b, fullOffset: &offset, input: activation, to: &map)
            }
        default:
            break
        }
        fullOffset += f.parameterCount
        return outputPositions(small: s.outputShape, full: f.outputShape, passing: activation, flattens: s is Flatten)
    }

    /// Positions of a small activation in the full one: channels-last images keep (h, w, c); a
    /// flatten keeps the input's positions; a vector keeps its index.
    private static func outputPositions(small: [Int], full: [Int], passing: [Int], flattens: Bool) -> [Int] {
        if flattens { return passing }
        guard small.count == 3, full.count == 3 else { return Array(0..<small.reduce(1, *)) }
        var out: [Int] = []
        out.reserveCapacity(small.reduce(1, *))
        for h in 0..<small[0] {
            for w in 0..<small[1] { for c in 0..<small[2] { out.append((h * full[1] + w) * full[2] + c) } }
        }
        return out
    }
}
