import Federation

/// A field of the spec a debugger's patch may set, named as the prompt names it
/// (`client.learning_rate`), with how a JSON value is applied to it.
enum SpecField: String, CaseIterable, Sendable {
    case learningRate = "client.learning_rate"
    case localEpochs = "client.local_epochs"
    case batchSize = "client.batch_size"
    case momentum = "client.momentum"
    case fraction = "server.fraction"
    case minFit = "server.min_fit"
    case overcommit = "server.overcommit"
    case deadline = "server.deadline_seconds"
    case dropout = "server.dropout"
    case speedSpread = "server.speed_spread"
    case strategy = "strategy.name"
    case strategyOptions = "strategy.options"
    case model = "task.model"
    case partition = "task.partition"
    case corruptions = "task.corruptions"

    /// What the value means, for the prompt.
    var meaning: String {
        switch self {
        case .learningRate: "number in (0, 1]"
        case .localEpochs: "integer 1 to 20"
        case .batchSize: "integer 1 to 1024"
        case .momentum: "number in [0, 1)"
        case .fraction: "share of clients invited per round, in (0, 1]"
        case .minFit: "integer, fewest results a round needs"
        case .overcommit: "number in [0, 1]"
        case .deadline: "seconds, or null to remove the deadline"
        case .dropout: "number in [0, 0.9]"
        case .speedSpread: "number in [0, 3]"
        case .strategy: "strategy name (its options reset to the defaults)"
        case .strategyOptions: "null, to reset the strategy's options to its defaults"
        case .model: "model name (learning rate and momentum reset to the model's usual ones)"
        case .partition: "partition name (its settings reset)"
        case .corruptions: "null, to remove every corruption"
        }
    }

    /// The field's value in `spec`, as JSON.
    func current(in spec: FederationSpec) -> JSONValue {
        switch self {
        case .learningRate: .number(spec.client.learningRate)
        case .localEpochs: .integer(spec.client.localEpochs)
        case .batchSize: .integer(spec.client.batchSize)
        case .momentum: .number(spec.client.momentum)
        case .fraction: .number(spec.server.fraction)
        case .minFit: .integer(spec.server.minFit)
        case .overcommit: .number(spec.server.overcommit)
        case .deadline: spec.server.deadlineSeconds.map(JSONValue.number) ?? .null
        case .dropout: .number(spec.server.dropout)
        case .speedSpread: .number(spec.server.speedSpread)
        case .strategy: .string(spec.strategy.name)
        case .strategyOptions: JSONValue.encoding(spec.strategy.options)
        case .model: .string(spec.task.model)
        case .partition: .string(spec.task.partition)
        case .corruptions: .array(spec.task.corruptions.map { .string($0.kind) })
        }
    }

    /// Sets the field; a value of the wrong type is rejected with what was expected. Ranges are
    /// checked afterwards by ``SpecRules`` on the whole patched spec.
    func apply(_ value: JSONValue, to spec: inout FederationSpec) throws(AnswerRejected) {
        func number() throws(AnswerRejected) -> Double {
            guard let n = value.number else { throw AnswerRejected("\(rawValue) takes a number, not \(value.text)") }
            return n
        }
        func integer() throws(AnswerRejected) -> Int {
            guard let n = value.number, n.rounded() == n, abs(n) < 1e9 else {
                throw AnswerRejected("\(rawValue) takes an integer, not \(value.text)")
            }
            return Int(n)
        }
        func name() throws(AnswerRejected) -> String {
            guard let s = value.string, !s.isEmpty else {
                throw AnswerRejected("\(rawValue) takes a name (a string), not \(value.text)")
            }
            return s
        }
        func reset() throws(AnswerRejected) {
            guard value == .null else { throw AnswerRejected("\(rawValue) only takes null (reset), not \(value.text)") }
        }
        switch self {
        case .learningRate: spec.client.learningRate = try number()
        case .localEpochs: spec.client.localEpochs = try integer()
        case .batchSize: spec.client.batchSize = try integer()
        case .momentum: spec.client.momentum = try number()
        case .fraction: spec.server.fraction = try number()
        case .minFit: spec.server.minFit = try integer()
        case .overcommit: spec.server.overcommit = try number()
        case .deadline: spec.server.deadlineSeconds = value == .null ? nil : try number()
        case .dropout: spec.server.dropout = try number()
        case .speedSpread: spec.server.speedSpread = try number()
        case .strategy:
            spec.strategy.name = try name()
            spec.strategy.options = [:]
        case .strategyOptions:
            try reset()
            spec.strategy.options = [:]
        case .model:
            spec.task.model = try name()
            spec.client.learningRate = SpecComposer.learningRate(for: spec.task.model)
            spec.client.momentum = 0
        case .partition:
            spec.task.partition = try name()
            spec.task.partitionSettings = spec.task.partition == "dirichlet" ? ["alpha": 0.5] : [:]
            spec.task.quantitySkew = nil
        case .corruptions:
            try reset()
            spec.task.corruptions = []
        }
    }
}
