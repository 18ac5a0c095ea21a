import Learning
import Testing

@testable import Federation

/// The client side of the data stages, without a mesh: the card counts what is there and carries no
/// sample; cleaning drops exactly the defective samples and standardizes; relabelling maps and drops.
@Suite struct DataCardTests {
    static func sample(_ values: [Float], _ label: String, shape: [Int] = [1, 2, 2]) -> MessySample {
        MessySample(features: values, shape: shape, label: label)
    }

    static let samples = [
        sample([1, 2, 3, 4], "tee"),
        sample([5, 6, 7, 8], "pants"),
        sample([1, 2, 3, 4], "tee"),  // duplicate of 0
        sample([1, .nan, 3, 4], "tee"),  // non-finite
        sample([1, 2, 3], "pants"),  // wrong shape
        sample([9, 9, 9, 9], ""),  // blank
        sample([2, 2, 2, 2], "top"),
    ]

    @Test func cardCountsSchemaLabelsAndDefects() {
        let card = DataCard(clientID: 4, samples: Self.samples)

        #expect(card.size == 7 && card.clientID == 4)
        #expect(card.schemas == ["1×2×2": 6, "3 values for 1×2×2": 1] && card.mainSchema == "1×2×2")
        #expect(card.labels == ["tee": 3, "pants": 2, "": 1, "top": 1])
        #expect(card.quality == DataQuality(nonFinite: 1, wrongShape: 1, blankLabels: 1, duplicates: 1))
        #expect(card.summary.minimum == 1 && card.summary.maximum == 9)
    }

    @Test func cleaningDropsExactlyTheDefectiveSamplesAndStandardizes() {
        let (kept, indices, report) = DataCleaner.clean(Self.samples, CleaningRules(sampleShape: [1, 2, 2]))

        #expect(indices == [0, 1, 6])
        #expect(
            report.before == 7 && report.after == 3 && report.droppedDuplicates == 1 && report.droppedNonFinite == 1
                && report.droppedWrongShape == 1 && report.droppedBlank == 1)
        #expect(abs(report.valuesAfter.mean) < 1e-6 && abs(report.valuesAfter.standardDeviation - 1) < 1e-5)
        #expect(kept.map(\.label) == ["tee", "pants", "top"])
    }

    @Test func rulesThatKeepDefectsKeepThem() {
        var rules = CleaningRules(sampleShape: [1, 2, 2])
        rules.deduplicate = false
        rules.dropBlankLabels = false
        rules.standardize = false

        let (kept, indices, report) = DataCleaner.clean(Self.samples, rules)

        #expect(indices == [0, 1, 2, 5, 6] && report.droppedDuplicates == 0 && report.droppedBlank == 0)
        #expect(kept[0].features == [1, 2, 3, 4])
    }

    @Test func relabellingMapsOntoTheTaskClassesAndDropsTheRest() throws {
        let mapping = LabelMapping(
            classes: ["T-shirt/top", "Trouser"], targets: ["tee": "T-shirt/top", "pants": "Trouser"],
            dropped: ["top": "covers several classes"])
        let clean = [Self.samples[0], Self.samples[1], Self.samples[6], Self.sample([0, 0, 0, 1], "hat")]

        let (dataset, report) = try Relabeling.apply(mapping, to: clean, name: "client")

        let data = try #require(dataset)
        #expect(data.labels == [0, 1] && data.classCount == 2 && data.sampleShape == [1, 2, 2])
        #expect(report.perClass == ["T-shirt/top": 1, "Trouser": 1] && report.dropped == 1 && report.unmapped == 1)
    }
}
