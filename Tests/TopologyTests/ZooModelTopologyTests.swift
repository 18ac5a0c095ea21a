import Testing
import Federation
@testable import Topology

/// Every model the topology format names is one this build trains, and a topology may name the
/// residual and recurrent models, with a width for ResNet-8.
@Suite struct ZooModelTopologyTests {
    @Test func everyVocabularyModelRuns() {
        #expect(Vocabulary.models.allSatisfy { LearningTrainerFactory.models.contains($0) })
    }

    @Test(arguments: [("resnet8", "{name: resnet8, width: 0.25}", 0.25), ("gru", "gru", 1.0)])
    func topologyNamesTheModel(name: String, yaml: String, width: Double) throws {
        let dataset = name == "gru" ? "synthetic-sensors" : "fashion-mnist"
        let text = """
            name: zoo
            clients:
              - group: phones
                count: 3
            data:
              dataset: \(dataset)
              partition: iid
            model: \(yaml)
            strategy: fedbn
            """
        let spec = try TopologyReader.parse(text, file: "zoo.yaml")
        #expect(spec.model == ModelSpec(name: name, width: width))
    }
}
