import Federation
import Learning

extension TopologySpec {
    /// The model against the dataset's samples, and the partition and corruptions against what the
    /// dataset has (users, images), as the nodes would find them when they build their clients.
    func dataProblems(fit: Result<ModelFit, FederationError>) -> [TopologyProblem] {
        guard let facts = DatasetFacts.of(data.dataset) else {
            return [TopologyProblem("data.dataset", "'\(data.dataset)' is not available in this build; use one of \(Vocabulary.datasets.joined(separator: ", "))")]
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
                    found.append(TopologyProblem("data.partition", "\(data.dataset) has \(users) users, fewer than the \(clientCount) clients: by_user gives each client whole users, so use at most \(users) clients or another partition"))
                }
            } else {
                found.append(TopologyProblem("data.partition", "\(data.dataset) has no natural users; by_user needs synthetic-leaf or synthetic-sensors: use another partition (iid, dirichlet, shards, ...) or one of those datasets"))
            }
        case "domains" where !facts.isImage:
            found.append(TopologyProblem("data.partition", "domains gives clients image transforms (rotation, inversion, contrast, blur), but \(data.dataset)'s samples are \(shape), not images: use another partition, or fashion-mnist"))
        default: break
        }
        for (i, corruption) in data.corruptions.enumerated() where Corruption.needsImages(corruption.kind) && !facts.isImage {
            found.append(TopologyProblem("data.corruptions[\(i)].kind", "\(corruption.kind) transforms images, but \(data.dataset)'s samples are \(shape), not images: remove it, or use gaussian_noise, label_flip or pair_flip"))
        }
        return found
    }
}
