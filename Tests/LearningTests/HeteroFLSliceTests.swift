import Foundation
import Testing

@testable import Learning

/// HeteroFL's slicing means something only if a width-w submodel cut from the global model computes
/// what the global model computes when every channel and unit outside the submodel is switched off.
/// So: a random ×1 model with all parameters outside the ×w map set to 0 must give, sample for
/// sample, the losses of the ×w model holding the map's values (eval mode; ResNet-8's batch norms
/// use their running statistics, taken from the same ×1 vector).
@Suite struct HeteroFLSliceTests {
    static let shape = [1, 12, 12]

    @Test(arguments: [("cnn", 0.5), ("cnn", 0.25), ("resnet8", 0.5), ("resnet8", 0.25)])
    func aSubmodelComputesTheGlobalModelRestrictedToItsChannels(model: String, width: Double) throws {
        let classes = 4
        let full = try #require(
            try ModelZoo.make(model, sampleShape: Self.shape, classes: classes, seed: 3) as? SequentialNetwork)
        let small = try #require(
            try ModelZoo.make(model, sampleShape: Self.shape, classes: classes, width: width, seed: 4)
                as? SequentialNetwork)
        let map = try HeteroFL.indexMap(model: model, sampleShape: Self.shape, classes: classes, width: width)
        // Running variances outside the map stay positive (1), everything else outside it is 0.
        let variances = Set(
            full.parameterGroups.filter { $0.name.lowercased().contains("var") }.flatMap { Array($0.range) })
        var restricted = full.parameters
        let inside = Set(map)
        for j in restricted.indices where !inside.contains(j) { restricted[j] = variances.contains(j) ? 1 : 0 }
        full.parameters = restricted
        small.parameters = map.map { restricted[$0] }

        let count = 16
        let pixels = Self.shape.reduce(1, *)
        let input = (0..<(count * pixels)).map { Float(sin(Double($0) * 0.731) + 0.3 * cos(Double($0) * 0.173)) }
        let labels = (0..<count).map { Int32($0 % classes) }
        full.isTraining = false
        small.isTraining = false
        let a = input.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in
                full.sampleLosses(x.baseAddress!, labels: y.baseAddress!, count: count)
            }
        }
        let b = input.withUnsafeBufferPointer { x in
            labels.withUnsafeBufferPointer { y in
                small.sampleLosses(x.baseAddress!, labels: y.baseAddress!, count: count)
            }
        }
        #expect(a.count == count && b.count == count)
        #expect(
            Set(a.map { ($0 * 1e4).rounded() }).count > 1, "the losses differ between samples: not a constant model")
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-4 * max(1, abs(x)), "\(x) vs \(y)") }
    }
}
