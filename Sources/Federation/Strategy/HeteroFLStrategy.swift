import Learning

/// HeteroFL (Diao, Ding and Tarokh, "HeteroFL: Computation and Communication Efficient Federated
/// Learning for Heterogeneous Clients", ICLR 2021): clients train width-scaled submodels (×1, ×½, ×¼
/// of every hidden layer's channels and units) cut from the one global model, and the server averages
/// each global parameter over the clients whose submodel covers it (``SubmodelAggregation``).
///
/// A client's width is `widths[id]` if given, else the `levels` cycled by client id (levels
/// [1, 0.5, 0.25]: clients 0, 3, 6, … ×1; 1, 4, … ×½; 2, 5, … ×¼). ``width(ofClient:)`` is the rule a
/// client's trainer must be built with. The submodel layouts come from Learning's ``HeteroFL`` index
/// maps (the cnn). Unlike the paper, no "scaler" module or static batch norm: the cnn has neither
/// dropout nor batch norm.
///
/// Not yet in ``StrategyCatalog``: topologies build every client's model at one width, so a topology
/// run cannot give clients their submodels yet.
public struct HeteroFLStrategy: Strategy {
    /// The widths cycled over client ids.
    public let levels: [Double]
    /// Per-client widths that override the cycle.
    public let widths: [Int: Double]
    /// Index map of each width (×1 included: the identity).
    private let maps: [Double: [Int]]
    private let globalCount: Int

    /// - Parameters:
    ///   - model: the zoo model (only `cnn` has width-scaled variants); `sampleShape`, `classes`: its data.
    ///   - levels: widths in (0, 1], cycled by client id; `widths`: per-client overrides.
    /// - Throws: ``FederationError`` when a width is out of (0, 1], no level is given, or the model has
    ///   no width-scaled variants.
    public init(model: String, sampleShape: [Int], classes: Int, levels: [Double] = [1, 0.5, 0.25], widths: [Int: Double] = [:])
        throws(FederationError) {
        guard !levels.isEmpty else {
            throw FederationError(.invalidSetting, "HeteroFL needs at least one width level, e.g. [1, 0.5, 0.25]")
        }
        for w in levels + Array(widths.values) where !(w > 0 && w <= 1) {
            throw FederationError(.invalidSetting, "HeteroFL width \(w) must be in (0, 1], e.g. 1, 0.5 or 0.25")
        }
        var maps: [Double: [Int]] = [:]
        do {
            for w in Set(levels + Array(widths.values) + [1]) {
                maps[w] = try Learning.HeteroFL.indexMap(model: model, sampleShape: sampleShape, classes: classes, width: w)
            }
        } catch {
            throw FederationError(.invalidSetting, "HeteroFL cannot cut submodels of '\(model)': \(error)")
        }
        self.levels = levels
        self.widths = widths
        self.maps = maps
        globalCount = maps[1]?.count ?? 0
    }

    public var name: String { "HeteroFL(levels=\(levels.map { String($0) }.joined(separator: "/")))" }

    /// The width client `id` trains at.
    public func width(ofClient id: Int) -> Double {
        widths[id] ?? levels[((id % levels.count) + levels.count) % levels.count]
    }

    /// Where client `id`'s parameters sit in the global model.
    public func map(ofClient id: Int) -> [Int] { maps[width(ofClient: id)] ?? [] }

    public func parameterCount(ofClient id: Int, globalCount: Int) -> Int { map(ofClient: id).count }

    public func parameters(forClient id: Int, global: [Float]) -> [Float] {
        SubmodelAggregation.cut(global, map: map(ofClient: id))
    }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        var out = uniformInstructions(round: round, global: [], clients: clients, plan: plan)
        for id in clients { out[id]?.parameters = parameters(forClient: id, global: global) }
        return out
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure]) throws -> [Float]? {
        guard !results.isEmpty else { return nil }
        guard global.count == globalCount else {
            throw FederationError(.invalidSetting, "HeteroFL's maps are for a \(globalCount)-parameter model; the global model has \(global.count): build the strategy for the run's model")
        }
        return try SubmodelAggregation.aggregate(
            global: global, parts: results.map { SubmodelAggregation.Part(clientID: $0.clientID, parameters: $0.parameters, map: map(ofClient: $0.clientID)) })
    }
}
