import Testing
@testable import Learning

@Suite struct DropoutTests {
    func run(_ layer: Dropout, _ x: [Float], training: Bool) -> [Float] {
        var y = [Float](repeating: -1, count: x.count)
        let none: [Float] = [0]
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                none.withUnsafeBufferPointer { p in
                    layer.forward(
                        xb, into: yb, count: x.count / layer.inputSize,
                        parameters: p, training: training)
                }
            }
        }
        return y
    }

    @Test func evalIsIdentityAndTrainDropsAboutP() throws {
        let layer = try Dropout(shape: [100], rate: 0.3, seed: 9)
        let x = (0..<10_000).map { Float($0 % 7) + 1 }
        #expect(run(layer, x, training: false) == x)
        let y = run(layer, x, training: true)
        let dropped = Double(y.filter { $0 == 0 }.count) / Double(y.count)
        #expect(abs(dropped - 0.3) < 0.02, "dropped \(dropped)")
        let kept = zip(x, y).filter { $0.1 != 0 }
        #expect(kept.allSatisfy { abs($0.1 - $0.0 / 0.7) < 1e-5 })
        #expect(throws: LearningError.self) { try Dropout(shape: [1], rate: 1, seed: 1) }
    }
}
