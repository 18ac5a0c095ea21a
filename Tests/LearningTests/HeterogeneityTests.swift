import Testing
@testable import Learning

/// A small labelled image set: `count` samples of [1, 4, 4] with distinct pixels, `classes` classes.
func smallImages(count: Int = 200, classes: Int = 4, side: Int = 4) throws -> Dataset {
    var rng = Xoshiro(seed: 11)
    let n = side * side
    let features = (0..<(count * n)).map { _ in rng.unit() * 2 - 1 }
    let labels = (0..<count).map { Int32($0 % classes) }
    return try Dataset(
        name: "small", features: features, labels: labels, featureCount: n, classCount: classes,
        labelNames: (0..<classes).map { "c\($0)" }, sampleShape: [1, side, side])
}

@Suite struct QuantitySkewAndLongTailTests {
    @Test func powerLawSizesFollowTheConfiguredExponentAndAssignEachSampleAtMostOnce() throws {
        let labels = (0..<4000).map { Int32($0 % 10) }
        let parts = try Partitioner.iid.split(labels: labels, classes: 10, clients: 8, seed: 3)
        let skewed = try QuantitySkew.powerLaw(exponent: 1).apply(to: parts, seed: 3)
        let all = skewed.flatMap { $0 }
        #expect(Set(all).count == all.count)
        #expect(zip(skewed, parts).allSatisfy { Set($0.0).isSubset(of: Set($0.1)) })
        let sizes = skewed.map(\.count).sorted(by: >)
        // 500 per client before; ranks keep 1, 1/2, 1/3, ... of them.
        for (r, s) in sizes.enumerated() { #expect(abs(Double(s) - 500 / Double(r + 1)) <= 1) }
        #expect(abs(PartitionSummary(parts: skewed, labels: labels, classes: 10).sizeRatio - 8) < 0.1)
        #expect(try QuantitySkew.powerLaw().apply(to: parts, seed: 3) == skewed)
        #expect(try QuantitySkew.powerLaw().apply(to: parts, seed: 4) != skewed)
    }

    @Test func exponentialSmallestIsEToTheMinusRateOfTheLargest() throws {
        let parts = (0..<5).map { c in Array((c * 1000)..<((c + 1) * 1000)) }
        let sizes = try QuantitySkew.exponential(rate: 2).apply(to: parts, seed: 1).map(\.count)
        #expect(sizes.max() == 1000)
        #expect(abs(Double(sizes.min() ?? 0) - 1000 * 0.1353) <= 1)
        #expect(throws: LearningError.self) { try QuantitySkew(name: "zipf") }
    }

    @Test func longTailMeasuredRatioMatchesTheRequest() throws {
        let labels = (0..<5000).map { Int32($0 % 10) }
        let parts = try Partitioner.longTail(imbalanceRatio: 20).split(labels: labels, classes: 10, clients: 5, seed: 9)
        let all = parts.flatMap { $0 }
        #expect(Set(all).count == all.count)
        let h = PartitionSummary(parts: parts, labels: labels, classes: 10).histograms.reduce(
            into: [Int](repeating: 0, count: 10)
        ) { acc, h in
            for i in h.indices { acc[i] += h[i] }
        }
        let ratio = Double(h.max() ?? 0) / Double(max(h.min() ?? 1, 1))
        #expect(abs(ratio - 20) / 20 < 0.05)
        #expect(PartitionSummary(parts: parts, labels: labels, classes: 10).classImbalanceRatio == ratio)
        #expect(h.max() == 500)
        #expect(throws: LearningError.self) {
            try Partitioner.longTail(imbalanceRatio: 0.5).split(labels: labels, classes: 10, clients: 5, seed: 9)
        }
    }
}

@Suite struct CorruptionTests {
    @Test func labelFlipRateIsAsRequestedAndNeverKeepsTheClass() throws {
        let data = try smallImages(count: 4000, classes: 5)
        var rng = Xoshiro(seed: 5)
        let flipped = try Corruption.labelFlip(rate: 0.3).apply(to: data, indices: Array(0..<data.count), rng: &rng)
        let changed = zip(data.labels, flipped.labels).filter { $0 != $1 }.count
        #expect(abs(Double(changed) / 4000 - 0.3) < 0.03)
        #expect(flipped.features == data.features)
    }

    @Test func pairFlipMovesClassCToCPlusOne() throws {
        let data = try smallImages(count: 2000, classes: 4)
        var rng = Xoshiro(seed: 6)
        let flipped = try Corruption.pairFlip(rate: 0.5).apply(to: data, indices: Array(0..<data.count), rng: &rng)
        let pairs = zip(data.labels, flipped.labels).filter { $0 != $1 }
        #expect(pairs.allSatisfy { $0.1 == ($0.0 + 1) % 4 })
        #expect(abs(Double(pairs.count) / 2000 - 0.5) < 0.05)
    }

    @Test func gaussianNoiseHasTheRequestedSigmaAndLeavesTheOriginalUnchanged() throws {
        let data = try smallImages(count: 500)
        let before = data.features
        var rng = Xoshiro(seed: 7)
        let noisy = try Corruption.gaussianNoise(sigma: 0.25).apply(to: data, indices: Array(0..<data.count), rng: &rng)
        let d = zip(noisy.features, data.features).map { Double($0 - $1) }
        let mean = d.reduce(0, +) / Double(d.count)
        let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count)).squareRoot()
        #expect(abs(sd - 0.25) < 0.01)
        #expect(abs(mean) < 0.01)
        #expect(data.features == before)
        #expect(noisy.labels == data.labels)
    }

    @Test func rotationBy90IsTransposeThenVerticalFlip() throws {
        let side = 5
        var image = ArraySlice((0..<(side * side)).map(Float.init))
        let original = Array(image)
        ImageTransform.rotation(degrees: 90).apply(&image, shape: (1, side, side), encoding: .symmetric)
        for y in 0..<side {
            for x in 0..<side {
                // transpose T[y][x] = I[x][y]; flip vertically: R[y][x] = T[side-1-y][x] = I[x][side-1-y].
                #expect(image[y * side + x] == original[x * side + (side - 1 - y)])
            }
        }
        var back = image
        ImageTransform.rotation(degrees: -90).apply(&back, shape: (1, side, side), encoding: .symmetric)
        #expect(Array(back) == original)
    }

    @Test func inversionContrastAndBlur() throws {
        var pixels = ArraySlice<Float>([0.5, -1, 0.25, 1])
        ImageTransform.inversion.apply(&pixels, shape: (1, 2, 2), encoding: .symmetric)
        #expect(Array(pixels) == [-0.5, 1, -0.25, -1])
        ImageTransform.contrast(factor: 0.5).apply(&pixels, shape: (1, 2, 2), encoding: .symmetric)
        #expect(Array(pixels) == [-0.25, 0.5, -0.125, -0.5])
        // Blur keeps a constant image and the mean of a single bright pixel, and spreads it.
        var flat = ArraySlice([Float](repeating: 0.3, count: 49))
        ImageTransform.blur(sigma: 1).apply(&flat, shape: (1, 7, 7), encoding: .symmetric)
        #expect(flat.allSatisfy { abs($0 - 0.3) < 1e-5 })
        var dot = ArraySlice([Float](repeating: 0, count: 49))
        dot[24] = 1
        ImageTransform.blur(sigma: 1).apply(&dot, shape: (1, 7, 7), encoding: .symmetric)
        #expect(abs(dot.reduce(0, +) - 1) < 1e-4)
        #expect(dot[24] < 0.5 && dot[23] > 0.05)
    }

    /// With pixels standardized (as Fashion-MNIST's are), the transforms still act on intensities:
    /// inversion swaps black and white, contrast keeps mid-grey, rotation uncovers black corners.
    @Test func transformsWorkInIntensitiesUnderAStandardizedEncoding() throws {
        let encoding = PixelEncoding(mean: 0.286, standardDeviation: 0.353)
        let (black, white, mid) = (encoding.black, encoding.white, encoding.midGrey)
        #expect(abs(black - Float(-0.286 / 0.353)) < 1e-6 && abs(white - Float(0.714 / 0.353)) < 1e-6)
        var pixels = ArraySlice<Float>([black, white, mid, encoding.value(ofIntensity: 0.25)])
        let original = Array(pixels)
        ImageTransform.inversion.apply(&pixels, shape: (1, 2, 2), encoding: encoding)
        let inverted = [white, black, mid, encoding.value(ofIntensity: 0.75)]
        for (got, want) in zip(pixels, inverted) { #expect(abs(got - want) < 1e-5) }
        ImageTransform.inversion.apply(&pixels, shape: (1, 2, 2), encoding: encoding)
        for (got, want) in zip(pixels, original) { #expect(abs(got - want) < 1e-5) }
        // Contrast ½: black → intensity ¼, white → ¾, mid-grey stays.
        ImageTransform.contrast(factor: 0.5).apply(&pixels, shape: (1, 2, 2), encoding: encoding)
        let flattened = [0.25, 0.75, 0.5, 0.375].map { encoding.value(ofIntensity: $0) }
        for (got, want) in zip(pixels, flattened) { #expect(abs(got - want) < 1e-5) }
        // A white 5×5 square rotated by 45° uncovers its four corners, which become black.
        var square = ArraySlice([Float](repeating: white, count: 25))
        ImageTransform.rotation(degrees: 45).apply(&square, shape: (1, 5, 5), encoding: encoding)
        for corner in [0, 4, 20, 24] { #expect(square[corner] == black) }
        #expect(square[12] == white)
    }

    @Test func imageCorruptionsRefuseNonImageData() throws {
        let seq = try Dataset(
            name: "seq", features: [Float](repeating: 0, count: 24), labels: [0, 1], featureCount: 12, classCount: 2,
            labelNames: ["a", "b"], sampleShape: [4, 3])
        var rng = Xoshiro(seed: 1)
        #expect(throws: LearningError.self) { try Corruption.image(.inversion).apply(to: seq, indices: [0], rng: &rng) }
        #expect(throws: LearningError.self) { try Corruption(name: "label_flip", strength: 2) }
        #expect(throws: LearningError.self) { try Corruption(name: "snow", strength: 1) }
    }

    @Test func subsetCopiesOnlyTheChosenSamples() throws {
        let data = try smallImages(count: 10)
        let sub = try data.subset([3, 7])
        #expect(sub.count == 2)
        #expect(sub.labels == [data.labels[3], data.labels[7]])
        #expect(Array(sub.features[16..<32]) == Array(data.features[(7 * 16)..<(8 * 16)]))
        #expect(throws: LearningError.self) { try data.subset([10]) }
    }
}

@Suite struct TaskSplitTests {
    @Test func tasksHoldTheirClassesAndEverySampleOnce() throws {
        let labels = (0..<100).map { Int32($0 % 10) }
        let tasks = try TaskSplit(classes: 10, tasks: 5)
        #expect(tasks.classesPerTask == [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]])
        let parts = tasks.split(Array(0..<100), labels: labels)
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<100))
        for (t, part) in parts.enumerated() {
            #expect(Set(part.map { Int(labels[$0]) }) == Set(tasks.classesPerTask[t]))
        }
        let shuffled = try TaskSplit(classes: 10, tasks: 2, shuffleSeed: 7)
        #expect(shuffled.classesPerTask.flatMap { $0 }.sorted() == Array(0..<10))
        #expect(try TaskSplit(classes: 10, tasks: 2, shuffleSeed: 7) == shuffled)
        #expect(throws: LearningError.self) { try TaskSplit(classes: 3, tasks: 4) }
    }
}
