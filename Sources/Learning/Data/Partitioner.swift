/// How a dataset's samples are split among clients: each sample goes to at most one client (exactly
/// one for every kind but `longTail`, which drops samples to imbalance the classes), and a seed
/// reproduces the split.
public enum Partitioner: Sendable, Equatable {
    /// Uniformly at random, equal sizes (±1).
    case iid
    /// Per class, proportions over clients drawn from Dirichlet(α) (Hsu, Qi & Brown, 2019): small α
    /// gives each client few classes; large α approaches IID. Resampled until every client has at least
    /// `minimumPerClient` samples (up to 100 tries).
    case dirichlet(alpha: Double, minimumPerClient: Int = 10)
    /// Flower Datasets' `DirichletPartitioner(num_partitions, partition_by="label", alpha,
    /// min_partition_size, self_balancing, shuffle=True, seed)`, made again step by step on NumPy's
    /// random stream (``NumPyGenerator``, whose draws are bit-identical to NumPy's): the same seed and
    /// labels give the same clients, holding the same samples in the same order, as that Python code.
    /// Use it to compare against a Flower run on identical data; see ``FlowerDirichlet`` (and its
    /// ``FlowerDirichlet/ClassOrder`` for splits made by older flwr-datasets releases).
    case flowerDirichlet(
        alpha: Double, minimumPerClient: Int = 10, selfBalancing: Bool = false,
        classOrder: FlowerDirichlet.ClassOrder = .sorted)
    /// Sorted by label and cut into `clients × shardsPerClient` shards, each client taking that many
    /// (McMahan et al., 2017: pathological non-IID).
    case shards(perClient: Int)
    /// A long-tailed global class distribution (see ``LongTail``), then split IID.
    case longTail(imbalanceRatio: Double)

    /// Whether each client's indices come out in an order worth keeping: Flower's split is already
    /// shuffled the way Flower shuffles it. The others come grouped by class and are reshuffled.
    public var ordersEachClient: Bool {
        if case .flowerDirichlet = self { return true }
        return false
    }

    /// Client index lists over `labels`.
    public func split(labels: [Int32], classes: Int, clients: Int, seed: UInt64) throws(LearningError) -> [[Int]] {
        guard clients >= 1, clients <= labels.count else {
            throw LearningError(.invalidSetting, "cannot split \(labels.count) samples among \(clients) clients")
        }
        var rng = Xoshiro(seed: seed)
        switch self {
        case .iid:
            return Self.deal(Array(labels.indices), clients: clients, rng: &rng)
        case .longTail(let ratio):
            let kept = try LongTail(imbalanceRatio: ratio).keep(labels: labels, classes: classes, seed: seed)
            guard kept.count >= clients else {
                throw LearningError(
                    .invalidSetting,
                    "imbalance_ratio \(ratio) leaves \(kept.count) samples for \(clients) clients; lower it")
            }
            return Self.deal(kept, clients: clients, rng: &rng)
        case .dirichlet(let alpha, let minimum):
            guard alpha > 0, alpha.isFinite else {
                throw LearningError(.invalidSetting, "Dirichlet alpha is \(alpha); it must be positive (e.g. 0.5)")
            }
            guard minimum * clients <= labels.count else {
                throw LearningError(
                    .invalidSetting, "\(clients) clients × \(minimum) samples each exceeds the \(labels.count) samples")
            }
            var byClass = [[Int]](repeating: [], count: classes)
            for (i, l) in labels.enumerated() { byClass[Int(l)].append(i) }
            var best: [[Int]] = []
            for _ in 0..<100 {
                var parts = [[Int]](repeating: [], count: clients)
                for var members in byClass where !members.isEmpty {
                    members.shuffle(using: &rng)
                    let weights = (0..<clients).map { _ in rng.gamma(alpha) }
                    let total = weights.reduce(0, +)
                    var start = 0
                    var cumulative = 0.0
                    for c in 0..<clients {
                        cumulative += weights[c] / max(total, .leastNonzeroMagnitude)
                        let end =
                            c == clients - 1
                            ? members.count : min(members.count, Int((cumulative * Double(members.count)).rounded()))
                        if end > start { parts[c].append(contentsOf: members[start..<end]) }
                        start = max(start, end)
                    }
                }
                best = parts
                if parts.allSatisfy({ $0.count >= minimum }) { break }
            }
            return best
        case .flowerDirichlet(let alpha, let minimum, let balancing, let order):
            return try FlowerDirichlet(
                alpha: alpha, minimumPerClient: minimum, selfBalancing: balancing, classOrder: order
            )
            .split(labels: labels, clients: clients, seed: seed)
        case .shards(let perClient):
            guard perClient >= 1, clients * perClient <= labels.count else {
                throw LearningError(
                    .invalidSetting, "\(clients) clients × \(perClient) shards needs at least that many samples")
            }
            let sorted = labels.indices.sorted { labels[$0] != labels[$1] ? labels[$0] < labels[$1] : $0 < $1 }
            let shardCount = clients * perClient
            var shardOrder = Array(0..<shardCount)
            shardOrder.shuffle(using: &rng)
            return (0..<clients).map { c in
                (0..<perClient).flatMap { s -> ArraySlice<Int> in
                    let shard = shardOrder[c * perClient + s]
                    return sorted[shard * sorted.count / shardCount..<(shard + 1) * sorted.count / shardCount]
                }
            }
        }
    }
}

extension Partitioner {
    /// Shuffles `samples` and deals them round-robin: equal sizes (±1).
    static func deal(_ samples: [Int], clients: Int, rng: inout Xoshiro) -> [[Int]] {
        var order = samples
        order.shuffle(using: &rng)
        return (0..<clients).map { c in stride(from: c, to: order.count, by: clients).map { order[$0] } }
    }
}

/// Per-client sizes and label histograms of a split, for reports and agents.
public struct PartitionSummary: Sendable, Equatable, Codable {
    public var sizes: [Int]
    public var histograms: [[Int]]

    public init(parts: [[Int]], labels: [Int32], classes: Int) {
        sizes = parts.map(\.count)
        histograms = parts.map { part in
            var h = [Int](repeating: 0, count: classes)
            for i in part { h[Int(labels[i])] += 1 }
            return h
        }
    }

    /// Mean over clients of the share of their data in their most common class (1 = single-class clients).
    public var meanDominantShare: Double {
        let shares = zip(sizes, histograms).filter { $0.0 > 0 }.map { Double($0.1.max() ?? 0) / Double($0.0) }
        return shares.isEmpty ? 0 : shares.reduce(0, +) / Double(shares.count)
    }

    /// Largest over smallest non-empty client size (1 = equal sizes): how strong the quantity skew is.
    public var sizeRatio: Double {
        let nonEmpty = sizes.filter { $0 > 0 }
        guard let lo = nonEmpty.min(), let hi = nonEmpty.max() else { return 0 }
        return Double(hi) / Double(lo)
    }

    /// Over all clients together: the most common class's count over the rarest present class's (long tail).
    public var classImbalanceRatio: Double {
        let total = histograms.reduce(into: [Int](repeating: 0, count: histograms.first?.count ?? 0)) { acc, h in
            for i in h.indices { acc[i] += h[i] }
        }.filter { $0 > 0 }
        guard let lo = total.min(), let hi = total.max() else { return 0 }
        return Double(hi) / Double(lo)
    }

    public var table: String {
        zip(sizes, histograms).enumerated().map {
            """
            client \($0.offset): \($0.element.0) samples, per class \
            \($0.element.1.map(String.init).joined(separator: " "))
            """
        }
        .joined(separator: "\n")
    }
}
