import Federation
import Topology

/// What each module of the spec holds, as the coders' prompts describe it and their JSON schemas
/// constrain it, with the names this build runs.
struct ModuleFields: Sendable {
    let caps: Capabilities

    private func names(_ listed: [String], _ all: [String]) -> [String] { listed.isEmpty ? all : listed }

    /// One line per field: name, meaning, allowed values.
    func description(of module: FederationSpec.Module) -> String {
        switch module {
        case .task:
            return """
                - dataset: one of \(names(caps.datasets, Vocabulary.datasets).joined(separator: ", "))
                - partition: how the data is split over clients, one of \
                \(names(caps.partitions, Vocabulary.partitions).joined(separator: ", "))
                - partition_settings: numbers for the partition (dirichlet: alpha, smaller is more label skew; \
                long_tail: imbalance_ratio; shards: shards_per_client; the others take none: {})
                - quantity_skew: null, or one of \(Vocabulary.quantitySkews.joined(separator: ", ")) for unequal \
                client sizes
                - corruptions: list of {"kind": one of \(Vocabulary.corruptions.joined(separator: ", ")), "range": \
                [low, high] or null}
                - model: one of \(names(caps.models, Vocabulary.models).joined(separator: ", "))
                - width: model width multiplier in (0, 4], usually 1
                - holdout: fraction of each client's data kept for personal accuracy, in [0, 0.5]
                """
        case .client:
            return """
                - local_epochs: passes over the local data per round, 1 to 20
                - batch_size: 1 to 1024
                - learning_rate: of local SGD, in (0, 1]; too large diverges, too small does not learn
                - momentum: in [0, 1)
                """
        case .strategy:
            return """
                - name: the aggregation strategy, one of \
                \(names(caps.strategies, Vocabulary.strategies).joined(separator: ", "))
                - options: numeric settings of the strategy by name (e.g. {"mu": 0.01} for fedprox), or {} for its \
                defaults
                - sampling: client selection, one of \(Vocabulary.samplings.joined(separator: ", "))
                - compression: of client updates, one of \(Vocabulary.compressions.joined(separator: ", "))
                - compression_fraction: null, or the kept fraction in (0, 1] for topk
                - error_feedback: true to carry the compression error to the next round
                """
        case .server:
            return """
                - clients: number of clients in the federation, 2 to 10000
                - rounds: 1 to 1000
                - fraction: share of clients invited per round, in (0, 1]
                - min_fit: fewest results a round needs, 1 to clients
                - overcommit: extra share invited to absorb stragglers, in [0, 1]
                - deadline_seconds: null, or the virtual round deadline in seconds
                - evaluate_every: evaluate every this many rounds, 1 to rounds
                - federated_evaluation: true to also evaluate on the clients' held-out data
                - speed_spread: spread of simulated device speeds (lognormal sigma), in [0, 3]
                - dropout: chance a client drops out of a round, in [0, 0.9]
                """
        }
    }

    /// The JSON schema of the module's object.
    func schema(of module: FederationSpec.Module) -> JSONValue {
        switch module {
        case .task:
            let corruption = Schema.object([
                "kind": Schema.string(oneOf: Vocabulary.corruptions),
                "range": Schema.nullable(Schema.array(Schema.number(0, 1000), maxItems: 2, minItems: 2)),
            ])
            return Schema.object([
                "dataset": Schema.string(oneOf: names(caps.datasets, Vocabulary.datasets)),
                "partition": Schema.string(oneOf: names(caps.partitions, Vocabulary.partitions)),
                "partition_settings": Schema.map(of: Schema.number(0, 1e6)),
                "quantity_skew": Schema.nullable(Schema.string(oneOf: Vocabulary.quantitySkews)),
                "corruptions": Schema.array(corruption, maxItems: 4),
                "model": Schema.string(oneOf: names(caps.models, Vocabulary.models)),
                "width": Schema.number(0, 4), "holdout": Schema.number(0, 0.5),
            ])
        case .client:
            return Schema.object([
                "local_epochs": Schema.integer(1, 20), "batch_size": Schema.integer(1, 1024),
                "learning_rate": Schema.number(0, 1), "momentum": Schema.number(0, 0.99),
            ])
        case .strategy:
            return Schema.object([
                "name": Schema.string(oneOf: names(caps.strategies, Vocabulary.strategies)),
                "options": Schema.map(of: ["type": "number"]),
                "sampling": Schema.string(oneOf: Vocabulary.samplings),
                "compression": Schema.string(oneOf: Vocabulary.compressions),
                "compression_fraction": Schema.nullable(Schema.number(0, 1)), "error_feedback": Schema.boolean,
            ])
        case .server:
            return Schema.object([
                "clients": Schema.integer(2, 10_000), "rounds": Schema.integer(1, 1000),
                "fraction": Schema.number(0, 1),
                "min_fit": Schema.integer(1, 10_000), "overcommit": Schema.number(0, 1),
                "deadline_seconds": Schema.nullable(Schema.number(0, 86_400)),
                "evaluate_every": Schema.integer(1, 1000),
                "federated_evaluation": Schema.boolean, "speed_spread": Schema.number(0, 3),
                "dropout": Schema.number(0, 0.9),
            ])
        }
    }
}
