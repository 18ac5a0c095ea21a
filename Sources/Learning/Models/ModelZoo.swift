/// The models of the FL literature, built from layers.
public enum ModelZoo {
    /// Multinomial logistic regression: one Dense layer.
    public static func logisticRegression(inputs: Int = 784, classes: Int = 10, seed: UInt64) -> Model {
        Model(name: "logreg", layers: [Dense("fc", inputs: inputs, outputs: classes)], seed: seed)
    }

    /// The FedAvg paper's 2NN: 784-200-200-10 with ReLU (199,210 parameters).
    public static func twoNN(inputs: Int = 784, hidden: Int = 200, classes: Int = 10, seed: UInt64) -> Model {
        Model(name: "2nn", layers: [
            Dense("fc1", inputs: inputs, outputs: hidden), ReLU("relu1", features: hidden),
            Dense("fc2", inputs: hidden, outputs: hidden), ReLU("relu2", features: hidden),
            Dense("fc3", inputs: hidden, outputs: classes),
        ], seed: seed)
    }
}
