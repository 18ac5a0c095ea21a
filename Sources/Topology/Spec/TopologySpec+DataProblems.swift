import Federation
import Learning

extension TopologySpec {
    /// The model against the dataset's samples, and the partition and corruptions against what the
    /// dataset has (users, images), as the nodes would find them when they build their clients.
    func dataProblems(fit: Result<ModelFit, FederationError>) -> [TopologyProblem] {
        guard let facts = DatasetFacts.of(data.dataset) else {
            return [
                TopologyProblem(
                    "data.dataset",
                    """
                    '\(data.dataset)' is not available in this build; use one of \
                    \(Vocabulary.datasets.joined(separator: ", "))
                    """
                )
            ]
        }
        var found: [TopologyProblem] = []
        if case .failure(let error) = fit {
            found.append(TopologyProblem("model", error.message))
        }
        let shape = "[\(facts.sampleShape.map(String.init).joined(separator: ", "))]"
        switch data.partition.kind {
        case "by_user":
            if let users = facts.users {
                if clientCount > users {
                    found.append(
                        TopologyProblem(
                            "data.partition",
                            """
                            \(data.dataset) has \(users) users, fewer than the \(clientCount) clients: by_user gives \
                            each client whole users, so use at most \(users) clients or another partition
                            """
                        ))
                }
            } else {
                found.append(
                    TopologyProblem(
                        "data.partition",
                        """
                        \(data.dataset) has no natural users; by_user needs synthetic-leaf or synthetic-sensors: use \
                        another partition (iid, dirichlet, shards, ...) or one of those datasets
                        """
                    ))
            }
        case "domains" where !facts.isImage:
            found.append(
                TopologyProblem(
                    "data.partition",
                    """
                    domains gives clients image transforms (rotation, inversion, contrast, blur), but \
                    \(data.dataset)'s samples are \(shape), not images: use another partition, or fashion-mnist
                    """
                ))
        default: break
        }
        if let enough = sampleProblem(facts) { found.append(enough) }
        for (i, corruption) in data.corruptions.enumerated()
        where Corruption.needsImages(corruption.kind) && !facts.isImage {
            found.append(
                TopologyProblem(
                    "data.corruptions[\(i)].kind",
                    """
                    \(corruption.kind) transforms images, but \(data.dataset)'s samples are \(shape), not images: \
                    remove it, or use gaussian_noise, label_flip or pair_flip
                    """
                ))
        }
        return found
    }

    /// The partitioners' own limits on how many samples the clients need (``Partitioner/split``):
    /// at least one per client; Dirichlet 10 each; Flower's `min_partition_size` each; shards
    /// `shards_per_client` each. (long_tail first drops samples, a number only the split knows.)
    func sampleProblem(_ facts: DatasetFacts) -> TopologyProblem? {
        let settings = data.partition.settings
        let (n, samples) = (clientCount, facts.trainSamples)
        let perClient: (Int, String)
        switch data.partition.kind {
        case "by_user": return nil  // its own users check
        case "dirichlet": perClient = (10, "dirichlet gives every client at least 10 samples")
        case "flower_dirichlet":
            let minimum = settings["min_partition_size"].flatMap { Int(exactly: $0) } ?? 10
            perClient =
                minimum > 1
                ? (minimum, "flower_dirichlet with min_partition_size \(minimum) gives every client at least that many")
                : (1, "every client needs at least one sample")
        case "shards":
            let shards = settings["shards_per_client"].flatMap { Int(exactly: $0) } ?? 2
            perClient = (max(1, shards), "shards deals \(shards) shards of at least one sample to every client")
        default: perClient = (1, "every client needs at least one sample")
        }
        let (needed, overflow) = n.multipliedReportingOverflow(by: perClient.0)
        guard overflow || needed > samples else { return nil }
        return TopologyProblem(
            "data.partition",
            """
            \(n) clients are more than \(data.dataset)'s \(samples) training samples can serve: \(perClient.1); use \
            at most \(samples / perClient.0) clients
            """,
            near: ["clients"])
    }
}
