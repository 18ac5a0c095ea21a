import Learning
import Synchronization

/// A client's data as its trainer sees it: the dataset it indexes (the shared one, or its own
/// corrupted copy), its training indices and its held-out indices (empty: evaluate on the test set).
package struct ClientData: Sendable {
    package var dataset: Dataset
    package var trainIndices: [Int]
    package var heldOut: [Int]
    /// The corruptions applied to this client, by name, with the strength drawn for it.
    package var corruptions: [String: Double]
}

/// Turns a ``ClientSetup``'s data settings into one client's ``ClientData``: the partition (cached per
/// process), quantity skew, held-out split, sample limit, and the client's corruptions.
///
/// Corruptions: each named corruption hits a client with probability `fraction_of_clients` (default 1),
/// at a strength drawn uniformly from its `range` (default: 0.1 for noise σ, 0.2 for flip rates, 30°,
/// 0.5 contrast, σ = 1 blur), both seeded by the setup's seed, the corruption and the client id. A
/// corrupted client gets its own copy of its samples; with the `domains` partition (IID), client c also
/// gets the transform of ``Domain/of(client:)``; label corruptions are not applied to its
/// held-out samples, so personalization metrics measure against true labels.
package enum ClientDataBuilder {
    /// The partitions this build can make.
    package static let partitions = [
        "iid", "dirichlet", "flower_dirichlet", "shards", "long_tail", "domains", "by_user",
    ]

    package static func build(_ setup: ClientSetup, data: DatasetSplit, clientID: Int) throws -> ClientData {
        let parts = try partition(setup, train: data.train)
        guard parts.indices.contains(clientID) else {
            throw FederationError(.invalidSetting, "client \(clientID) is outside the \(parts.count) partitions")
        }
        var indices = parts[clientID]
        var heldOut: [Int] = []
        if setup.holdout > 0 {
            let keep = indices.count - Int(Double(indices.count) * setup.holdout)
            heldOut = Array(indices[keep...])
            indices = Array(indices[..<keep])
        }
        if let limit = setup.sampleLimit, limit >= 1 {
            indices = Array(indices.prefix(limit))
            heldOut = Array(heldOut.prefix(limit))
        }
        if let limit = setup.heldOutLimit, limit >= 1 { heldOut = Array(heldOut.prefix(limit)) }
        var chosen = try corruptions(setup, clientID: clientID)
        let domain = setup.partition == "domains" ? Domain.of(client: clientID) : nil
        if let domain, let transform = domain.transform {
            chosen.insert(("domain \(domain.name)", .image(transform), 1), at: 0)
        }
        guard !chosen.isEmpty else {
            return ClientData(dataset: data.train, trainIndices: indices, heldOut: heldOut, corruptions: [:])
        }
        var own = try data.train.subset(indices + heldOut, name: "\(data.train.name) (client \(clientID), corrupted)")
        let trainRange = Array(0..<indices.count)
        let all = Array(0..<own.count)
        var strengths: [String: Double] = [:]
        for (name, corruption, strength) in chosen {
            var rng = Xoshiro(seed: seedFor(setup.seed, name, clientID) ^ 0xC0AA_0F7E)
            own = try corruption.apply(to: own, indices: corruption.changesLabels ? trainRange : all, rng: &rng)
            strengths[name] = strength
        }
        return ClientData(
            dataset: own, trainIndices: trainRange, heldOut: Array(indices.count..<own.count), corruptions: strengths)
    }

    /// The corruptions that hit `clientID`, in application order, with their drawn strengths.
    static func corruptions(_ setup: ClientSetup, clientID: Int) throws -> [(String, Corruption, Double)] {
        if let unknown = setup.corruptions.keys.first(where: { !Corruption.names.contains($0) }) {
            throw FederationError(
                .invalidSetting,
                "corruption '\(unknown)' is not available; available: \(Corruption.names.joined(separator: ", "))")
        }
        var result: [(String, Corruption, Double)] = []
        for name in Corruption.names {
            guard let settings = setup.corruptions[name] else { continue }
            // Checked on every client, hit or not, so a bad range fails the run whichever clients it hits.
            try checkStrengthRange(settings["range"], of: name)
            var rng = Xoshiro(seed: seedFor(setup.seed, name, clientID))
            let fraction = settings["fraction_of_clients"]?.first ?? 1
            guard Double(rng.unit()) < fraction else { continue }
            let range = settings["range"] ?? [defaultStrength[name] ?? 0, defaultStrength[name] ?? 0]
            let strength = range[0] + (range[1] - range[0]) * Double(rng.unit())
            do { result.append((name, try Corruption(name: name, strength: strength), strength)) } catch {
                throw FederationError(.invalidSetting, error.message)
            }
        }
        return result
    }

    /// Throws unless `range` (nil: the default strength) is `[low, high]` with low ≤ high, both in the
    /// corruption's ``Corruption/strengths`` range, so that every strength a client may draw is one
    /// the corruption accepts. Inversion has no strength and takes no range. Topology validation
    /// calls this too, so a file validates exactly when its run accepts it.
    package static func checkStrengthRange(_ range: [Double]?, of name: String) throws(FederationError) {
        guard let range else { return }
        guard let scale = Corruption.strengths[name] else {
            throw FederationError(
                .invalidSetting,
                """
                \(name) has no strength to draw: remove its range (fraction_of_clients chooses how many clients it \
                hits)
                """
            )
        }
        guard range.count == 2, range[0] <= range[1] else {
            throw FederationError(.invalidSetting, "\(name) range \(range) must be [low, high] with low ≤ high")
        }
        let (lo, hi) = (scale.range.lowerBound, scale.range.upperBound)
        guard range.allSatisfy({ $0.isFinite && scale.range.contains($0) }) else {
            throw FederationError(
                .invalidSetting,
                """
                \(name) range [\(range[0]), \(range[1])] must lie within [\(lo), \(hi)] (its \(scale.meaning)): draw \
                strengths from inside it
                """
            )
        }
    }

    private static let defaultStrength: [String: Double] = [
        "gaussian_noise": 0.1, "label_flip": 0.2, "pair_flip": 0.2, "rotation": 30, "inversion": 1, "contrast": 0.5,
        "blur": 1,
    ]

    /// A seed per (run seed, corruption, client), stable across processes (FNV-1a of the name).
    static func seedFor(_ seed: UInt64, _ name: String, _ clientID: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return seed ^ h ^ (UInt64(clientID) &* 0x9E37_79B9_7F4A_7C15)
    }

    private static let cache = Mutex<[String: [[Int]]]>([:])

    /// Every client's training indices (before held-out split and sample limit) in a seeded random
    /// order, computed once per process per distinct setting.
    static func partition(_ setup: ClientSetup, train: Dataset) throws -> [[Int]] {
        let key =
            "\(setup.dataset)|\(setup.partition)|\(setup.partitionSettings.sorted { $0.key < $1.key })|"
            + "\(setup.quantitySkew ?? "none")|\(setup.totalClients)|\(setup.seed)"
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let settings = setup.partitionSettings
        /// A whole-number setting, refused (not trapped on) when a hand-made setup holds a fraction,
        /// a negative number or a non-finite one.
        func whole(_ name: String, _ fallback: Int) throws -> Int {
            guard let value = settings[name] else { return fallback }
            guard let n = Int(exactly: value), n >= 0 else {
                throw FederationError(
                    .invalidSetting, "partition setting \(name) is \(value); it must be a whole number, 0 or more")
            }
            return n
        }
        // A partition may carry its own seed (as Flower's partitioners do); otherwise the run's.
        let seed = try settings["seed"] == nil ? setup.seed : UInt64(whole("seed", 0))
        let partitioner: Partitioner
        switch setup.partition {
        case "iid", "domains": partitioner = .iid
        case "dirichlet": partitioner = .dirichlet(alpha: settings["alpha"] ?? 0.5)
        case "flower_dirichlet":
            partitioner = .flowerDirichlet(
                alpha: settings["alpha"] ?? 0.5, minimumPerClient: try whole("min_partition_size", 10),
                selfBalancing: (settings["self_balancing"] ?? 0) != 0,
                classOrder: (settings["first_appearance_order"] ?? 0) != 0 ? .firstAppearance : .sorted)
        case "shards": partitioner = .shards(perClient: try whole("shards_per_client", 2))
        case "long_tail": partitioner = .longTail(imbalanceRatio: settings["imbalance_ratio"] ?? 10)
        case "by_user": partitioner = .iid  // replaced below by the users' own split
        default:
            throw FederationError(
                .invalidSetting,
                "partition '\(setup.partition)' is not available; available: \(partitions.joined(separator: ", "))")
        }
        do {
            var parts =
                setup.partition == "by_user"
                ? try UserPartition.split(users: train.users, clients: setup.totalClients, dataset: train.name)
                : try partitioner.split(
                    labels: train.labels, classes: train.classCount, clients: setup.totalClients, seed: seed)
            if let skew = setup.quantitySkew {
                parts = try QuantitySkew(name: skew, parameter: settings["skew"]).apply(to: parts, seed: seed)
            }
            // Dirichlet and shard parts come grouped by class: shuffle each (seeded) so that the held-out
            // tail and a sample-limit prefix have the client's class mix, not its last or first classes.
            // Flower's split is shuffled already, and keeps its order so that a client's samples come
            // in the same sequence as in Flower.
            if !partitioner.ordersEachClient {
                var rng = Xoshiro(seed: seed ^ 0x5348_5546_464C_4521)
                parts = parts.map { $0.shuffled(using: &rng) }
            }
            cache.withLock { $0[key] = parts }
            return parts
        } catch {
            throw FederationError(.invalidSetting, error.message)
        }
    }
}
