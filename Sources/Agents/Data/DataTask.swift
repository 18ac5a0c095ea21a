/// What the federation's data must be, as the server's data agent judges clients: the sample shape,
/// the classes, and how much usable data a client needs.
package struct DataTask: Codable, Sendable, Equatable {
    package var sampleShape: [Int]
    package var classes: [String]
    /// A client with fewer usable samples (after dropping every defective one) is refused.
    package var minimumSamples: Int
    /// A client whose labels name task classes for less than this share of its labelled samples is refused.
    package var minimumCoverage: Double

    package init(sampleShape: [Int], classes: [String], minimumSamples: Int = 20, minimumCoverage: Double = 0.1) {
        self.sampleShape = sampleShape
        self.classes = classes
        self.minimumSamples = minimumSamples
        self.minimumCoverage = minimumCoverage
    }
}
