@testable import Federation
import Foundation
import Learning
import Testing

/// The facts topology validation reads are those of the datasets the nodes load or generate.
@Suite struct DatasetFactsTests {
    @Test(arguments: ["synthetic-leaf", "synthetic-sensors", "fashion-mnist"])
    func factsMatchTheDataset(name: String) throws {
        let facts = try #require(DatasetFacts.of(name))
        // Fashion-MNIST is the real files (scripts/setup installs them), as in every data test.
        let data = try LearningTrainerFactory.dataset(name)
        #expect(data.train.sampleShape == facts.sampleShape)
        #expect(data.train.classCount == facts.classes)
        #expect(data.train.count == facts.trainSamples)
        #expect(data.train.users.map { Set($0).count } == facts.users)
        #expect(facts.isImage == (data.train.sampleShape.count == 3))
    }

    @Test func modelFitBuildsTheZooModelForTheDatasetsSamples() throws {
        #expect(throws: FederationError.self) { try ModelFit(model: "gru", width: 1, dataset: "fashion-mnist") }
        #expect(throws: FederationError.self) { try ModelFit(model: "cnn", width: 1, dataset: "synthetic-sensors") }
        #expect(try ModelFit(model: "gru", width: 1, dataset: "synthetic-sensors").hasLearnedRepresentation)
        #expect(try !ModelFit(model: "logreg", width: 1, dataset: "fashion-mnist").hasLearnedRepresentation)
        #expect(try ModelFit(model: "2nn", width: 1, dataset: "fashion-mnist").parameterCount == 199_210)
        #expect(
            try ModelFit(model: "resnet8", width: 1, dataset: "fashion-mnist").groupNames.contains {
                $0.hasPrefix("bn")
            })
        #expect(
            try !ModelFit(model: "cnn", width: 1, dataset: "fashion-mnist").groupNames.contains { $0.hasPrefix("bn") })
    }
}
