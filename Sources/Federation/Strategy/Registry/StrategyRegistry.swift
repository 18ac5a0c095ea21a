/// The strategies a run can name, by their ``StrategyDescriptor``.
///
/// ``standard`` lists the strategies of this build, one line each. Code that reads the registry reads
/// ``current``: the standard one, unless a task runs under another with
/// `StrategyRegistry.$current.withValue(StrategyRegistry.standard.adding(MyStrategy.self)) { … }`
/// (a task-local value, so a test's extra strategy is seen by that test's tasks alone).
package struct StrategyRegistry: Sendable {
    /// This build's strategies, in the order documentation and agents list them.
    package static let standard = StrategyRegistry([
        FedAvg.self,
        FedAvgM.self,
        FedProx.self,
        FedAdagrad.self,
        FedAdam.self,
        FedYogi.self,
        FedNova.self,
        Scaffold.self,
        Moon.self,
        FedDyn.self,
        FedMedian.self,
        FedTrimmedAvg.self,
        Krum.self,
        MultiKrum.self,
        FedBN.self,
        FedPer.self,
        QFedAvg.self,
        DPFedAvg.self,
        FedBuff.self,
        HeteroFLStrategy.self,
    ])

    /// The registry in effect for the current task.
    @TaskLocal package static var current = StrategyRegistry.standard

    /// The registered types, in order.
    package let types: [any RegisteredStrategy.Type]

    package init(_ types: [any RegisteredStrategy.Type]) { self.types = types }

    /// This registry with `type` added at the end (replacing a type of the same name).
    package func adding(_ type: any RegisteredStrategy.Type) -> StrategyRegistry {
        StrategyRegistry(types.filter { $0.descriptor.name != type.descriptor.name } + [type])
    }

    /// Every descriptor, in order.
    package var descriptors: [StrategyDescriptor] { types.map { $0.descriptor } }

    /// The names, in order (aliases not included).
    package var names: [String] { descriptors.map(\.name) }

    /// The strategy type a topology file's `name` (or alias) means.
    package func type(named name: String) -> (any RegisteredStrategy.Type)? {
        types.first { $0.descriptor.name == name } ?? types.first { $0.descriptor.aliases.contains(name) }
    }

    /// The descriptor of `name` (or alias).
    package func descriptor(named name: String) -> StrategyDescriptor? { type(named: name)?.descriptor }
}
