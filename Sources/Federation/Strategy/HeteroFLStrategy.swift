import Learning

/// HeteroFL (Diao, Ding and Tarokh, "HeteroFL: Computation and Communication Efficient Federated
/// Learning for Heterogeneous Clients", ICLR 2021): clients train width-scaled submodels (×1, ×½, ×¼
/// of every hidden layer's channels and units) cut from the one global model, and the server averages
/// each global parameter over the clients whose submodel covers it (``SubmodelAggregation``).
///
/// A client's width is the one its model reports (``ClientDescription/model``, read in
/// ``prepare(clients:globalCount:)``), else `widths[id]` if given, else the `levels` cycled by client
/// id (levels [1, 0.5, 0.25]: clients 0, 3, 6, … ×1; 1, 4, … ×½; 2, 5, … ×¼), which is also the rule
/// ``ClientSetup/widthLevels`` builds client models with. The submodel layouts are Learning's
/// ``HeteroFL`` index maps (the cnn and ResNet-8, ``slicedModels``). A client whose submodel the strategy does not know
/// holds the whole model. Unlike the paper, no "scaler" module and no static batch norm: ResNet-8's
/// BatchNorm scale, shift and running statistics are part of the parameter vector and are averaged
/// over the clients that cover them like any other parameter.
public struct HeteroFLStrategy: RegisteredStrategy {
    package static let descriptor = StrategyDescriptor(
        name: "heterofl",
        options: [
            StrategyOption(
                "levels", "widths ×1, ×½, ×¼ cycled over the clients: 1 to 3 of them", default: 3, kind: .wholeNumber,
                typical: 1...3)
        ],
        needs: .widthScaledModel, preAggregatable: false, models: Self.slicedModels)

    /// The widths cycled over client ids.
    public let levels: [Double]
    /// Per-client widths that override the cycle.
    public let widths: [Int: Double]
    /// Widths the clients reported (override both).
    private var reported: [Int: Double] = [:]
    /// Index map of each width (×1 included: the identity); empty until the layout is known.
    private var maps: [Double: [Int]] = [:]
    /// The full-width model the submodels are cut from, once known (given, or read from the clients).
    private var layout: ModelDescription?

    /// Submodel layouts from the clients' own descriptions (``prepare(clients:globalCount:)``).
    /// - Throws: ``FederationError`` when no level is given or a width is out of (0, 1].
    public init(levels: [Double] = [1, 0.5, 0.25], widths: [Int: Double] = [:]) throws(FederationError) {
        guard !levels.isEmpty else {
            throw FederationError(.invalidSetting, "HeteroFL needs at least one width level, e.g. [1, 0.5, 0.25]")
        }
        for w in levels + Array(widths.values) where !(w > 0 && w <= 1) {
            throw FederationError(.invalidSetting, "HeteroFL width \(w) must be in (0, 1], e.g. 1, 0.5 or 0.25")
        }
        self.levels = levels
        self.widths = widths
    }

    /// The topology file's `levels` (1 to 3: ×1, ×½, ×¼ cut to the first `levels`).
    package init(options: StrategyOptions) throws(FederationError) {
        try self.init(levels: try Self.levels(try options.count("levels")))
    }

    /// ×1, ×½, ×¼ cut to the first `count`.
    static func levels(_ count: Int) throws(FederationError) -> [Double] {
        guard (1...3).contains(count) else {
            throw FederationError(
                .invalidSetting,
                "heterofl levels is \(count); it must be 1, 2 or 3 (widths ×1, ×½, ×¼, cycled over the clients)")
        }
        return Array([1, 0.5, 0.25].prefix(count))
    }

    /// The levels: clients are built at these widths, cycled by id.
    public var clientWidths: [Double]? { levels }

    /// The zoo models with width-scaled variants whose submodels ``Learning/HeteroFL`` maps.
    package static let slicedModels = ["cnn", "resnet8"]

    /// The submodels are cut from a full-width model that has width-scaled variants.
    package func problems(in setting: StrategySetting) -> [SettingProblem] {
        guard !Self.slicedModels.contains(setting.model) || setting.width != 1 else { return [] }
        return [
            SettingProblem(
                "strategy",
                """
                heterofl cuts width-scaled submodels, which only \(Self.slicedModels.joined(separator: " and ")) \
                have, from the full-width model; this topology has \(setting.model) at width \(setting.width): \
                use model {name: cnn, width: 1} or {name: resnet8, width: 1}, or another strategy
                """,
                near: ["model"])
        ]
    }

    /// Submodel layouts of the zoo `model` for data of `sampleShape` and `classes`, known up front.
    /// - Throws: ``FederationError`` as ``init(levels:widths:)``, and when the model has no
    ///   width-scaled variants.
    public init(
        model: String, sampleShape: [Int], classes: Int, levels: [Double] = [1, 0.5, 0.25], widths: [Int: Double] = [:]
    )
        throws(FederationError)
    {
        try self.init(levels: levels, widths: widths)
        let layout = ModelDescription(name: model, width: 1, sampleShape: sampleShape, classes: classes)
        try addMaps(for: configuredWidths, model: layout)
        self.layout = layout
    }

    /// The widths this run's submodels come in: the levels, the pinned widths and ×1.
    private var configuredWidths: Set<Double> { Set(levels + Array(widths.values) + [1]) }

    private mutating func addMaps(for widths: Set<Double>, model: ModelDescription) throws(FederationError) {
        do {
            for w in widths where maps[w] == nil {
                maps[w] = try Learning.HeteroFL.indexMap(
                    model: model.name, sampleShape: model.sampleShape, classes: model.classes, width: w)
            }
        } catch {
            throw FederationError(.invalidSetting, "HeteroFL cannot cut submodels of '\(model.name)': \(error)")
        }
    }

    public var name: String { "HeteroFL(levels=\(levels.map { String($0) }.joined(separator: "/")))" }

    /// Reads each client's model width and builds the index maps of the widths in use.
    ///
    /// The descriptions come from the clients, so they are checked before anything is built from
    /// them: every client must describe the same model (name, sample shape, classes) as the one the
    /// strategy was given, or as each other; its width must be one of the run's widths; and that
    /// model's full width must have exactly the global model's parameter count. So no description
    /// can make the server cut a submodel of another architecture or allocate more than one index
    /// per global parameter and width.
    /// - Throws: ``FederationError`` (`invalidSetting`) naming the client whose description is refused.
    public mutating func prepare(clients: [ClientDescription], globalCount: Int) throws {
        let described = clients.compactMap { c in c.model.map { (id: c.clientID, model: $0) } }
        func architecture(_ m: ModelDescription) -> String {
            "'\(m.name)' for samples \(m.sampleShape) of \(m.classes) classes"
        }
        if let reference = layout
            ?? described.first.map({
                var full = $0.model; full.width = 1; return full
            })
        {
            let source = layout == nil ? "client \(described.first?.id ?? 0)'s" : "the strategy's"
            for (id, m) in described
            where m.name != reference.name || m.sampleShape != reference.sampleShape || m.classes != reference.classes {
                throw FederationError(
                    .invalidSetting,
                    """
                    HeteroFL: client \(id) describes model \(architecture(m)), but \(source) model is \
                    \(architecture(reference)); every client must hold a width-scaled copy of one model
                    """
                )
            }
            let allowed = configuredWidths
            for (id, m) in described where !allowed.contains(m.width) {
                throw FederationError(
                    .invalidSetting,
                    """
                    HeteroFL: client \(id)'s model is at width \(m.width), which is not one of this run's widths \
                    \(allowed.sorted(by: >)); build the clients with the strategy's levels
                    """
                )
            }
            // The given layout's ×1 map is built already; the clients' layout is sized without building one.
            let full: Int
            do {
                full =
                    try maps[1]?.count
                    ?? Learning.HeteroFL.parameterCount(
                        model: reference.name, sampleShape: reference.sampleShape, classes: reference.classes, width: 1)
            } catch {
                throw FederationError(
                    .invalidSetting, "HeteroFL cannot cut submodels of \(architecture(reference)): \(error)")
            }
            guard full == globalCount else {
                throw FederationError(
                    .invalidSetting,
                    """
                    HeteroFL's ×1 layout of \(architecture(reference)) has \(full) parameters but the global model \
                    has \(globalCount): the server's model must be the full-width one (model width 1)
                    """
                )
            }
            for (id, m) in described { reported[id] = m.width }
            try addMaps(for: Set(described.map(\.model.width) + [1]), model: reference)
            layout = reference
        }
    }

    /// The width client `id` trains at.
    public func width(ofClient id: Int) -> Double {
        reported[id] ?? widths[id] ?? levels[((id % levels.count) + levels.count) % levels.count]
    }

    /// Where client `id`'s parameters sit in the global model (nil: it holds the whole model).
    public func map(ofClient id: Int) -> [Int]? { maps[width(ofClient: id)] }

    public func parameterCount(ofClient id: Int, globalCount: Int) -> Int { map(ofClient: id)?.count ?? globalCount }

    public func parameters(forClient id: Int, global: [Float]) -> [Float] {
        map(ofClient: id).map { SubmodelAggregation.cut(global, map: $0) } ?? global
    }

    public func configureFit(round: Int, global: [Float], clients: [Int], plan: LocalPlan) -> [Int: FitInstructions] {
        var out = uniformInstructions(round: round, global: [], clients: clients, plan: plan)
        for id in clients { out[id]?.parameters = parameters(forClient: id, global: global) }
        return out
    }

    public mutating func aggregateFit(round: Int, global: [Float], results: [FitResult], failures: [ClientFailure])
        throws -> [Float]?
    {
        guard !results.isEmpty else { return nil }
        let whole = Array(global.indices)
        return try SubmodelAggregation.aggregate(
            global: global,
            parts: results.map {
                SubmodelAggregation.Part(
                    clientID: $0.clientID, parameters: $0.parameters, map: map(ofClient: $0.clientID) ?? whole)
            })
    }
}
