/// The Dirichlet split of Flower Datasets (`flwr_datasets.partitioner.DirichletPartitioner`),
/// reproduced on NumPy's random stream so that a seed names the same split in both projects.
///
/// Its steps, each matching the Python code's arithmetic and random draws:
/// 1. Classes are visited in ascending order (flwr-datasets 0.6.1 sorts `Dataset.unique`'s labels),
///    each with its sample indices in ascending order. Older flwr-datasets releases visited them in
///    order of first appearance in `labels` (what `Dataset.unique` returns unsorted):
///    ``ClassOrder/firstAppearance`` reproduces those.
/// 2. Per class, one draw of Dirichlet(α, …, α) over the clients. With self-balancing, clients that
///    already hold more than `samples / clients` get a zero share and the rest are renormalised.
/// 3. The class's indices are cut at `Int(cumulative share × class size)` (truncation, as NumPy's
///    `astype(int)`), client by client.
/// 4. If any client ends up with fewer than `minimumPerClient` samples, steps 1–3 run again on the
///    continuing stream, at most ten more times.
/// 5. Each client's indices are shuffled (`Generator.shuffle`), clients in order.
///
/// `seed` is `DirichletPartitioner(seed=…)`; its default there is 42.
public struct FlowerDirichlet: Sendable, Equatable {
    /// The order in which classes are split, which decides which draw each class gets.
    public enum ClassOrder: Sendable, Equatable {
        /// Ascending labels: flwr-datasets 0.6.1 (checked against its output, FlowerDirichletTests).
        case sorted
        /// Order of first appearance in the labels: older flwr-datasets releases.
        case firstAppearance
    }

    public var alpha: Double
    public var minimumPerClient: Int
    public var selfBalancing: Bool
    public var classOrder: ClassOrder

    /// Flower's own limit: the first draw plus ten more.
    package static let resampleLimit = 10

    public init(
        alpha: Double, minimumPerClient: Int = 10, selfBalancing: Bool = false, classOrder: ClassOrder = .sorted
    ) throws(LearningError) {
        guard alpha > 0, alpha.isFinite else {
            throw LearningError(.invalidSetting, "Dirichlet alpha is \(alpha); it must be positive (e.g. 0.5)")
        }
        guard minimumPerClient >= 0 else {
            throw LearningError(.invalidSetting, "min_partition_size is \(minimumPerClient); it must be 0 or more")
        }
        self.alpha = alpha
        self.minimumPerClient = minimumPerClient
        self.selfBalancing = selfBalancing
        self.classOrder = classOrder
    }

    /// Client index lists over `labels`.
    public func split(labels: [Int32], clients: Int, seed: UInt64) throws(LearningError) -> [[Int]] {
        guard clients >= 1, clients <= labels.count else {
            throw LearningError(.invalidSetting, "cannot split \(labels.count) samples among \(clients) clients")
        }
        guard minimumPerClient <= labels.count / clients else {
            throw LearningError(
                .invalidSetting,
                """
                \(clients) clients × min_partition_size \(minimumPerClient) exceeds the \(labels.count) samples; \
                lower min_partition_size
                """
            )
        }
        var order: [Int32] = []
        var members: [Int32: [Int]] = [:]
        for (i, label) in labels.enumerated() {
            if members[label] == nil { order.append(label) }
            members[label, default: []].append(i)
        }
        if classOrder == .sorted { order.sort() }
        let alphas = [Double](repeating: alpha, count: clients)
        let fairShare = Double(labels.count) / Double(clients)
        var rng = NumPyGenerator(seed: seed)
        var smallest = 0
        for _ in 0...Self.resampleLimit {
            var parts = [[Int]](repeating: [], count: clients)
            for label in order {
                let indices = members[label] ?? []
                var shares = rng.dirichlet(alphas)
                if selfBalancing {
                    for c in 0..<clients where Double(parts[c].count) > fairShare { shares[c] = 0 }
                    var total = 0.0
                    for s in shares { total += s }
                    // A zero total (every remaining share underflowed) gives NaN shares, as in Flower.
                    for c in 0..<clients { shares[c] /= total }
                }
                var cumulative = 0.0
                var start = 0
                for c in 0..<clients {
                    var end = indices.count
                    if c < clients - 1 {
                        cumulative += shares[c]
                        let cut = cumulative * Double(indices.count)
                        // NumPy casts a NaN cut to the most negative integer, which slices from 0:
                        // the class then goes to the last client.
                        end = cut.isFinite ? min(indices.count, max(0, Int(cut))) : 0
                    }
                    if end > start { parts[c].append(contentsOf: indices[start..<end]) }
                    start = max(start, end)
                }
            }
            smallest = parts.map(\.count).min() ?? 0
            if smallest >= minimumPerClient {
                for c in parts.indices { rng.shuffle(&parts[c]) }
                return parts
            }
        }
        throw LearningError(
            .invalidSetting,
            """
            after \(Self.resampleLimit + 1) Dirichlet draws the smallest client still had \(smallest) samples, below \
            min_partition_size \(minimumPerClient); raise alpha or lower min_partition_size
            """
        )
    }
}
