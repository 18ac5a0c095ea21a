/// How a ``Dataset`` holds its feature values, row-major.
package enum FeatureStorage: Sendable {
    /// Every value as a Float.
    case floats([Float])
    /// One byte per value, and the Float each byte value stands for (`table`, 256 entries): 8-bit
    /// images at a quarter of the memory of Floats. What a reader gets is the table's Float, bit for bit.
    case bytes([UInt8], table: [Float])

    /// How many values are held.
    package var valueCount: Int {
        switch self {
        case .floats(let values): return values.count
        case .bytes(let bytes, _): return bytes.count
        }
    }
}

extension Dataset {
    /// The feature values of sample `index` (in `0..<count`), as a new array.
    package func features(ofSample index: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: featureCount) { buffer, initialized in
            if let base = buffer.baseAddress { copyFeatures(of: CollectionOfOne(index), to: base) }
            initialized = featureCount
        }
    }

    /// Writes the feature values of the samples `rows` (each in `0..<count`), one sample after another,
    /// to `destination`, which has room for `rows.count × featureCount` Floats: the one copy a
    /// training step makes of its minibatch. Bytes become their table's Floats on the way.
    package func copyFeatures(of rows: some Collection<Int>, to destination: UnsafeMutablePointer<Float>) {
        let width = featureCount
        switch storage {
        case .floats(let values):
            values.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress else { return }
                for (j, row) in rows.enumerated() {
                    (destination + j * width).update(from: source + row * width, count: width)
                }
            }
        case .bytes(let bytes, let table):
            bytes.withUnsafeBufferPointer { source in
                table.withUnsafeBufferPointer { table in
                    guard let source = source.baseAddress, let table = table.baseAddress else { return }
                    var out = destination
                    for row in rows {
                        let sample = source + row * width
                        for k in 0..<width { out[k] = table[Int(sample[k])] }
                        out += width
                    }
                }
            }
        }
    }

    /// A new dataset holding copies of the samples at `indices`, in that order (a client's own copy),
    /// held the way this one is (bytes stay bytes).
    public func subset(_ indices: [Int], name: String? = nil) throws(LearningError) -> Dataset {
        guard indices.allSatisfy({ (0..<count).contains($0) }) else {
            throw LearningError(.invalidSetting, "\(self.name): a subset index is outside 0..<\(count)")
        }
        let width = featureCount
        let storage: FeatureStorage
        switch self.storage {
        case .floats:
            storage = .floats(
                [Float](unsafeUninitializedCapacity: indices.count * width) { buffer, initialized in
                    if let base = buffer.baseAddress { copyFeatures(of: indices, to: base) }
                    initialized = indices.count * width
                })
        case .bytes(let bytes, let table):
            var chosen = [UInt8]()
            chosen.reserveCapacity(indices.count * width)
            for i in indices { chosen.append(contentsOf: bytes[(i * width)..<((i + 1) * width)]) }
            storage = .bytes(chosen, table: table)
        }
        return try Dataset(
            name: name ?? self.name, storage: storage, labels: indices.map { labels[$0] }, featureCount: width,
            classCount: classCount, labelNames: labelNames, sampleShape: sampleShape,
            users: users.map { u in indices.map { u[$0] } }, pixelEncoding: pixelEncoding)
    }
}
