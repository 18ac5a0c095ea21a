/// An error from a partitioner whose settings cannot be satisfied.
public struct PartitionError: Error, CustomStringConvertible, Sendable {
    /// What was wrong and what to change.
    public let description: String
}

/// An assignment of dataset samples to clients: each client gets an index list into the shared
/// dataset (no copies). Every partitioner here assigns each sample exactly once.
public struct Partition: Sendable, Equatable {
    /// For each client, the dataset indices it holds.
    public var clientIndices: [[Int]]

    /// The number of clients.
    public var clientCount: Int { clientIndices.count }

    /// Per-client sizes and label histograms, as a readable table.
    public func summary(labels: [Int32], classCount: Int) -> PartitionSummary {
        PartitionSummary(clients: clientIndices.map { idx in
            var h = [Int](repeating: 0, count: classCount)
            for i in idx { h[Int(labels[i])] += 1 }
            return PartitionSummary.Client(size: idx.count, labelHistogram: h)
        })
    }

    /// Splits `indices` IID into `clients` near-equal shards (sizes differ by at most one).
    public static func iid(indices: [Int], clients: Int, seed: UInt64) throws(PartitionError) -> Partition {
        guard clients > 0, clients <= indices.count else {
            throw PartitionError(description: "IID: need 1…\(indices.count) clients, got \(clients)")
        }
        var order = indices
        var rng = SeededRandom(seed: seed)
        order.shuffle(using: &rng)
        return Partition(clientIndices: (0..<clients).map { c in
            Array(order[(c * order.count / clients)..<((c + 1) * order.count / clients)])
        })
    }

    /// Label-skewed split: for each class, client shares are drawn from Dirichlet(α·1) and the
    /// class's samples are divided accordingly. Smaller α → more skew (α → ∞ approaches IID).
    public static func dirichlet(
        labels: [Int32], classCount: Int, clients: Int, alpha: Double, seed: UInt64
    ) throws(PartitionError) -> Partition {
        guard clients > 0 else { throw PartitionError(description: "Dirichlet: need at least one client") }
        guard alpha > 0, alpha.isFinite else {
            throw PartitionError(description: "Dirichlet: α must be positive and finite, got \(alpha) (try 0.1 for strong skew, 100 for near-IID)")
        }
        var rng = SeededRandom(seed: seed)
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, l) in labels.enumerated() {
            guard Int(l) >= 0, Int(l) < classCount else {
                throw PartitionError(description: "Dirichlet: label \(l) at \(i) outside 0..<\(classCount)")
            }
            byClass[Int(l)].append(i)
        }
        var out = [[Int]](repeating: [], count: clients)
        for var members in byClass {
            members.shuffle(using: &rng)
            var shares = (0..<clients).map { _ in rng.gamma(shape: alpha) }
            let total = shares.reduce(0, +)
            shares = total > 0 ? shares.map { $0 / total } : [Double](repeating: 1 / Double(clients), count: clients)
            var cumulative = 0.0
            var start = 0
            for c in 0..<clients {
                cumulative += shares[c]
                let end = c == clients - 1 ? members.count : min(members.count, Int((cumulative * Double(members.count)).rounded()))
                if end > start { out[c] += members[start..<end] }
                start = max(start, end)
            }
        }
        return Partition(clientIndices: out)
    }
}

/// Per-client sizes and label histograms of a partition, for reports and agents.
public struct PartitionSummary: Sendable, Equatable, CustomStringConvertible {
    /// One client's share.
    public struct Client: Sendable, Equatable {
        /// Number of samples.
        public var size: Int
        /// Samples per class.
        public var labelHistogram: [Int]
    }
    /// Each client's share, in client order.
    public var clients: [Client]

    /// Mean over clients of the fraction of the client's samples in its most common class
    /// (1/classes for perfectly balanced, 1 for single-class clients). A simple skew measure.
    public var meanDominantClassFraction: Double {
        let fr = clients.filter { $0.size > 0 }.map { Double($0.labelHistogram.max() ?? 0) / Double($0.size) }
        return fr.isEmpty ? 0 : fr.reduce(0, +) / Double(fr.count)
    }

    public var description: String {
        clients.enumerated().map { i, c in
            "client \(i): \(c.size) samples, labels \(c.labelHistogram)"
        }.joined(separator: "\n")
    }
}
