import Foundation
import Learning

/// What a client's data agent tells the server about its data: schema, size, label vocabulary with
/// counts, quality statistics and a few summary statistics. Never a sample: a card is a few hundred
/// bytes whatever the data's size.
package struct DataCard: Codable, Sendable, Equatable {
    package var clientID: Int
    /// Number of samples.
    package var size: Int
    /// Samples per schema: "1×28×28" for samples whose values make the shape they claim, or
    /// "756 values for 1×28×28" for those that do not.
    package var schemas: [String: Int]
    /// Samples per label, as the client writes them ("" for a blank label).
    package var labels: [String: Int]
    package var quality: DataQuality
    /// Statistics of the finite values of the samples with the most common schema.
    package var summary: ValueSummary

    package init(
        clientID: Int, size: Int, schemas: [String: Int], labels: [String: Int], quality: DataQuality,
        summary: ValueSummary
    ) {
        self.clientID = clientID
        self.size = size
        self.schemas = schemas
        self.labels = labels
        self.quality = quality
        self.summary = summary
    }

    /// The most common schema ("" for no samples).
    package var mainSchema: String {
        schemas.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
    }
}

/// How many samples of a card have each defect (a sample may have several).
package struct DataQuality: Codable, Sendable, Equatable {
    /// Samples with a NaN or infinite value.
    package var nonFinite = 0
    /// Samples whose values do not make the shape they claim.
    package var wrongShape = 0
    /// Samples with an empty label.
    package var blankLabels = 0
    /// Samples that repeat an earlier one exactly (values and label).
    package var duplicates = 0

    package init(nonFinite: Int = 0, wrongShape: Int = 0, blankLabels: Int = 0, duplicates: Int = 0) {
        self.nonFinite = nonFinite
        self.wrongShape = wrongShape
        self.blankLabels = blankLabels
        self.duplicates = duplicates
    }
}

/// Mean, standard deviation and range of a set of values.
package struct ValueSummary: Codable, Sendable, Equatable {
    package var mean = 0.0
    package var standardDeviation = 0.0
    package var minimum = 0.0
    package var maximum = 0.0

    /// The summary of every finite value of `samples`.
    package init(_ samples: some Sequence<MessySample>) {
        var (n, sum, squares) = (0.0, 0.0, 0.0)
        var (low, high) = (Double.infinity, -Double.infinity)
        for sample in samples {
            for v in sample.features where v.isFinite {
                let x = Double(v)
                n += 1
                sum += x
                squares += x * x
                low = min(low, x)
                high = max(high, x)
            }
        }
        guard n > 0 else { return }
        mean = sum / n
        standardDeviation = max(0, squares / n - mean * mean).squareRoot()
        minimum = low
        maximum = high
    }

    package init() {}
}

extension DataCard {
    /// The card of `samples`, computed where they are.
    package init(clientID: Int, samples: [MessySample]) {
        var schemas: [String: Int] = [:]
        var labels: [String: Int] = [:]
        var quality = DataQuality()
        var seen = Set<SampleKey>()
        for sample in samples {
            schemas[Self.schema(of: sample), default: 0] += 1
            labels[sample.label, default: 0] += 1
            if sample.features.contains(where: { !$0.isFinite }) { quality.nonFinite += 1 }
            if !Self.fitsShape(sample) { quality.wrongShape += 1 }
            if sample.label.trimmingCharacters(in: .whitespaces).isEmpty { quality.blankLabels += 1 }
            if !seen.insert(SampleKey(sample)).inserted { quality.duplicates += 1 }
        }
        self.clientID = clientID
        self.size = samples.count
        self.schemas = schemas
        self.labels = labels
        self.quality = quality
        let main = schemas.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        summary = ValueSummary(samples.lazy.filter { Self.schema(of: $0) == main })
    }

    /// A shape as cards write it ("1×28×28").
    package static func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }

    /// Whether the sample's values make the shape it claims.
    package static func fitsShape(_ sample: MessySample) -> Bool {
        sample.features.count == sample.shape.reduce(1, *)
    }

    static func schema(of sample: MessySample) -> String {
        fitsShape(sample)
            ? shapeText(sample.shape) : "\(sample.features.count) values for \(shapeText(sample.shape))"
    }
}
