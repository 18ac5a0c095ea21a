import Testing
@testable import Learning

/// Shapes from outside (a dataset header, a client's model description) whose sizes overflow or
/// exceed what one BLAS call can index are refused with an error, never a trap.
@Suite struct LayerSizeTests {
    @Test func productsAreCheckedForSignAndSize() throws {
        #expect(try LayerSize.product([3, 4, 5], of: "x") == 60)
        #expect(try LayerSize.product([], of: "x") == 1)
        #expect(try LayerSize.product([Int(Int32.max)], of: "x") == LayerSize.maxElements)
        for bad in [[1, Int.max, 4], [65536, 65536], [3, 0, 2], [-1, -1], [Int(Int32.max), 2]] {
            do {
                _ = try LayerSize.product(bad, of: "the probe")
                Issue.record("accepted \(bad)")
            } catch {
                #expect("\(error)".contains("the probe"))
            }
        }
    }

    @Test func layersAndModelsRefuseShapesTooLargeToMultiply() {
        #expect(throws: LearningError.self) { try Dense(inputs: 1 << 20, outputs: 1 << 20) }
        #expect(throws: LearningError.self) { try Dense(inputs: Int.max, outputs: 2) }
        #expect(throws: LearningError.self) { try Conv2D(input: [1, Int.max, 4], filters: 4, kernel: 3) }
        #expect(throws: LearningError.self) {
            try Conv2D(input: [1 << 16, 1 << 16, 1], filters: 8, kernel: 3, padding: 1)
        }
        #expect(throws: LearningError.self) { try Conv2D(input: [8, 8, 1], filters: 4, kernel: Int.max) }
        #expect(throws: LearningError.self) {
            try ModelZoo.make("cnn", sampleShape: [1, Int.max, 4], classes: 10, seed: 1)
        }
        #expect(throws: LearningError.self) {
            try ModelZoo.make("2nn", sampleShape: [Int.max, 2], classes: 10, seed: 1)
        }
        #expect(throws: LearningError.self) {
            try HeteroFL.parameterCount(model: "cnn", sampleShape: [1, Int.max, 4], classes: 10, width: 1)
        }
    }

    @Test func ordinaryShapesStillBuild() throws {
        let conv = try Conv2D(input: [8, 8, 1], filters: 4, kernel: 3, padding: 1)
        #expect(conv.outputShape == [8, 8, 4])
        let count = try HeteroFL.parameterCount(model: "cnn", sampleShape: [1, 8, 8], classes: 3, width: 1)
        #expect(count == (try ModelZoo.make("cnn", sampleShape: [1, 8, 8], classes: 3, seed: 1).parameters.count))
    }
}
