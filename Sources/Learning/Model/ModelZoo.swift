import Foundation

/// The models FedActors can train, by the names topologies use.
///
/// | name | layers | params (Fashion-MNIST, ×1) | forward FLOPs/sample |
/// | --- | --- | --- | --- |
/// | logreg | dense 784→10 | 7,850 | 15,680 |
/// | 2nn | 784-200-200-10, ReLU | 199,210 | 396,800 |
/// | cnn | conv5×5×32 'same' – maxpool2 – conv5×5×64 'same' – maxpool2 – fc512 – fc10, ReLU | 1,663,370 | 24,561,408 (+pool/ReLU not counted) |
/// | resnet8 | conv3×3×16 – BN – 3 basic blocks (16, 32/2, 64/2) – global avg pool – fc10 | 78,426 (77,754 trained) | 18,980,352 |
/// | gru | GRU(64) over [T, F], last state – fc | 13,638 (synthetic-sensors [32, 3], 6 classes) | 824,064 |
///
/// resnet8's count includes its BatchNorm running statistics (in the vector, not trained); its FLOPs
/// count convs, BN, residual adds and the pool. resnet8 ×½: 20,146 params, 4,873,984 FLOPs; ×¼: 5,310
/// params, 1,282,944 FLOPs (Fashion-MNIST, 10 classes).
///
/// Initialization: the cnn draws LeCun-normal weights, N(0, 1/fan_in); the others He-normal ones,
/// N(0, 2/fan_in); biases start at 0 (see ``WeightInitialization``, which says why).
///
/// `width` (1, 0.5, 0.25) scales every hidden channel and unit count of the cnn and resnet8 to ⌈w·n⌉
/// (HeteroFL); logreg, 2nn and gru ignore it. Images are `[C, H, W]` with C = 1 (then identical to channels-last).
public enum ModelZoo {
    /// Names ``make(_:sampleShape:classes:width:seed:)`` accepts.
    public static let names = ["logreg", "2nn", "cnn", "resnet8", "gru"]

    /// A fresh model with parameters drawn from `seed` (same seed, same model on every node), or all 0
    /// with `seed` nil, for a caller that sets every parameter before use.
    public static func make(_ name: String, sampleShape: [Int], classes: Int, width: Double = 1, seed: UInt64?)
        throws(LearningError) -> any TrainableModel
    {
        let inputs = try LayerSize.product(sampleShape, of: "\(name)'s input sample")
        switch name {
        case "logreg": return try perceptron(layerSizes: [inputs, classes], seed: seed)
        case "2nn": return try perceptron(layerSizes: [inputs, 200, 200, classes], seed: seed)
        case "cnn":
            return try SequentialNetwork(
                layers: cnnLayers(sampleShape: sampleShape, classes: classes, width: width), seed: seed)
        case "resnet8":
            return try SequentialNetwork(
                layers: resnet8Layers(sampleShape: sampleShape, classes: classes, width: width), seed: seed)
        case "gru":
            return try SequentialNetwork(layers: gruLayers(sampleShape: sampleShape, classes: classes), seed: seed)
        default:
            throw LearningError(
                .invalidSetting, "model '\(name)' is not in the zoo; available: \(names.joined(separator: ", "))")
        }
    }

    /// ⌈w·n⌉ channels or units, at least 1.
    static func scaled(_ n: Int, _ width: Double) -> Int { max(1, Int((Double(n) * width).rounded(.up))) }

    static func image(_ sampleShape: [Int], model: String) throws(LearningError) -> [Int] {
        guard sampleShape.count == 3, sampleShape[0] == 1, sampleShape[1] >= 4, sampleShape[2] >= 4 else {
            throw LearningError(
                .shapeMismatch,
                """
                \(model) needs single-channel images shaped [1, H, W] with H, W ≥ 4; this dataset's samples are \
                \(sampleShape): choose logreg or 2nn\(sampleShape.count == 2 ? ", or gru for these sequences" : "")
                """
            )
        }
        return [sampleShape[1], sampleShape[2], 1]  // sizes checked by the first Conv2D
    }

    static func checkWidth(_ width: Double) throws(LearningError) {
        guard width > 0, width <= 1 else {
            throw LearningError(.invalidSetting, "width \(width) must be in (0, 1], e.g. 1, 0.5 or 0.25")
        }
    }

    /// The FedAvg paper's CNN: conv 5×5 (32) – pool – conv 5×5 (64) – pool – dense 512 – dense, with
    /// LeCun-normal weights (``WeightInitialization/lecunNormal``: under He's it died at learning rate
    /// 0.05 on clients holding two classes each).
    ///
    /// Each conv's ReLU runs after its max pooling: max(0, max of a window) is the max of the window's
    /// max(0, ·), and the gradient reaches the same input either way (ties go to the same first tap,
    /// and a window whose max is ≤ 0 passes nothing back in both orders), so the model is the same and
    /// the ReLU touches a quarter of the values. (Not for NaN activations, which the two orders
    /// propagate differently; training that produces them has diverged, which ``ModelTrainer`` rejects.)
    static func cnnLayers(sampleShape: [Int], classes: Int, width: Double) throws(LearningError) -> [any Layer] {
        try checkWidth(width)
        let input = try image(sampleShape, model: "cnn")
        let initialization = WeightInitialization.lecunNormal
        let c1 = try Conv2D(
            input: input, filters: scaled(32, width), kernel: 5, padding: 2, initialization: initialization)
        let p1 = try MaxPool2D(input: c1.outputShape)
        let c2 = try Conv2D(
            input: p1.outputShape, filters: scaled(64, width), kernel: 5, padding: 2, initialization: initialization)
        let p2 = try MaxPool2D(input: c2.outputShape)
        let flat = Flatten(shape: p2.outputShape)
        let fc = try Dense(inputs: flat.outputSize, outputs: scaled(512, width), initialization: initialization)
        return [
            c1, p1, ReLU(shape: p1.outputShape), c2, p2, ReLU(shape: p2.outputShape), flat,
            fc, ReLU(shape: fc.outputShape),
            try Dense(inputs: fc.outputs, outputs: classes, initialization: initialization),
        ]
    }

    /// A model's card: its size and cost.
    public struct Card: Sendable, Equatable {
        public var name: String
        public var width: Double
        public var parameterCount: Int
        public var forwardFLOPsPerSample: Double
        public var trainingFLOPsPerSample: Double
    }

    /// The card of `name` at `width` for samples of `sampleShape`.
    public static func card(_ name: String, sampleShape: [Int], classes: Int, width: Double = 1) throws(LearningError)
        -> Card
    {
        let model = try make(name, sampleShape: sampleShape, classes: classes, width: width, seed: nil)
        return Card(
            name: name, width: width, parameterCount: model.parameterCount,
            forwardFLOPsPerSample: model.forwardFLOPsPerSample,
            trainingFLOPsPerSample: model.trainingFLOPsPerSample)
    }
}
