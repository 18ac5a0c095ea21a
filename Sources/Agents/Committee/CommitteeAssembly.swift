/// Assembles a committee proposal into a spec: the workflow's evaluated spec (its task, client and
/// server modules passed their tests and a trial) with the proposed strategy at its catalog card's
/// default settings. A strategy that applies late updates (FedBuff) gets the 60-second virtual
/// round deadline the composer gives it, since only a deadline makes late updates. The proposal of
/// the spec's own strategy is the spec unchanged.
package struct CommitteeAssembly: Sendable {
    package let catalog: MethodCatalog

    package init(catalog: MethodCatalog) {
        self.catalog = catalog
    }

    package func spec(_ base: FederationSpec, strategy id: String) -> FederationSpec {
        guard id != base.strategy.name else { return base }
        var spec = base
        spec.strategy.name = id
        spec.strategy.options = catalog.card(id: id)?.defaultOptions ?? [:]
        if spec.server.deadlineSeconds == nil, SpecComposer.isAsynchronous(id) { spec.server.deadlineSeconds = 60 }
        let old = "-\(base.strategy.name)-"
        spec.name =
            base.name.contains(old)
            ? base.name.replacingOccurrences(of: old, with: "-\(id)-") : "\(base.name)-\(id)"
        return spec
    }
}
