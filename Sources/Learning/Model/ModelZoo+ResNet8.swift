extension ModelZoo {
    /// ResNet-8 with BatchNorm, the CIFAR-style ResNet (He et al., 2016) with one basic block per stage:
    /// conv3×3×16 – BN – ReLU – block(16) – block(32, stride 2) – block(64, stride 2) – global average
    /// pool – fc. Eight weighted layers: the stem, six block convs and the classifier (the two 1×1
    /// projection shortcuts are not counted). Channels scale with `width` (⌈w·n⌉), as the CNN's do.
    static func resnet8Layers(sampleShape: [Int], classes: Int, width: Double) throws(LearningError) -> [any Layer] {
        try checkWidth(width)
        let input = try image(sampleShape, model: "resnet8")
        let stem = try Conv2D(input: input, filters: scaled(16, width), kernel: 3, padding: 1, usesBias: false)
        var layers: [any Layer] = [stem, try BatchNorm(shape: stem.outputShape), ReLU(shape: stem.outputShape)]
        var shape = stem.outputShape
        for (channels, stride) in [(16, 1), (32, 2), (64, 2)] {
            let block = try ResidualBlock(input: shape, filters: scaled(channels, width), stride: stride)
            layers.append(block)
            shape = block.outputShape
        }
        let pool = try GlobalAveragePool(input: shape)
        layers.append(pool)
        layers.append(try Dense(inputs: pool.outputSize, outputs: classes))
        return layers
    }
}
