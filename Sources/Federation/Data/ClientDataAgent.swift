import ActorMesh
import Distributed
import Learning

/// A client's data agent: lives on the client's node, beside its client actor, and is the only one
/// that reads the client's data. It answers with a ``DataCard``, cleans by the server's rules and
/// relabels by the server's mapping, reporting counts; samples never leave it.
package distributed actor ClientDataAgent {
    package typealias ActorSystem = MeshSystem

    /// The agent's path on its node.
    package static func path(for clientID: Int) -> String { "data/client-\(clientID)" }

    private let clientID: Int
    private var samples: [MessySample]
    private var prepared: Dataset?

    package init(actorSystem: MeshSystem, clientID: Int, samples: [MessySample]) {
        self.actorSystem = actorSystem
        self.clientID = clientID
        self.samples = samples
    }

    /// Stage 1: the card of the data as it is.
    package distributed func describe() -> DataCard {
        DataCard(clientID: clientID, samples: samples)
    }

    /// Stage 3: cleans the data by `rules`; the cleaned samples replace the old ones.
    package distributed func clean(_ rules: CleaningRules) -> CleaningReport {
        let (kept, _, report) = DataCleaner.clean(samples, rules)
        samples = kept
        return report
    }

    /// Stage 4: relabels the (cleaned) data onto the task's classes.
    package distributed func relabel(_ mapping: LabelMapping) throws -> RelabelReport {
        let (dataset, report) = try Relabeling.apply(mapping, to: samples, name: "client \(clientID) (harmonized)")
        prepared = dataset
        return report
    }

    /// The harmonized data, on this node only (nil before relabelling, or when nothing was left).
    package func preparedData() -> Dataset? { prepared }
}
