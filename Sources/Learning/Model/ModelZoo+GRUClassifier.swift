extension ModelZoo {
    /// Hidden units of the zoo's GRU classifier.
    static let gruHidden = 64

    /// A recurrent classifier for sequence samples `[T, F]`: a GRU of 64 units read at its last
    /// step – fc to the classes (softmax in the loss).
    static func gruLayers(sampleShape: [Int], classes: Int) throws(LearningError) -> [any Layer] {
        guard sampleShape.count == 2, sampleShape.allSatisfy({ $0 > 0 }) else {
            throw LearningError(
                .shapeMismatch,
                """
                gru needs sequence samples shaped [T, F] (time steps × features, e.g. synthetic-sensors); this \
                dataset's samples are \(sampleShape): choose cnn, resnet8, 2nn or logreg
                """
            )
        }
        let gru = try GRU(input: sampleShape, hidden: gruHidden)
        return [gru, try Dense(inputs: gru.outputSize, outputs: classes)]
    }
}
