import Federation

extension RunLauncher {
    /// The plan the rounds run: with a `messy:` section, the data stages run first (on the nodes
    /// already started, before any client is built) and the plan says which clients train on the
    /// data they prepared; otherwise the plan as it is.
    func prepareData(_ side: ServerSide, announce: @escaping @Sendable (String) -> Void) async throws -> RunPlan {
        guard plan.spec.messy != nil else { return plan }
        guard let dataPreparer else {
            throw FederationError(
                .invalidSetting,
                """
                topology \(plan.spec.name) has a messy: section, and this launcher has no data stages to prepare its \
                clients' data: run it with fedactors run or launch
                """
            )
        }
        let endpoints = side.endpoints.filter { plan.clientsByHost[$0.key] != nil }
        let prepared = try await dataPreparer.prepare(
            plan, coordinator: side.coordinator, endpoints: endpoints, announce: announce)
        guard !prepared.training.isEmpty else {
            throw FederationError(
                .notEnoughClients, "no client's data fits the task after the data stages: \(prepared.summary)")
        }
        announce("data stages: " + prepared.summary)
        var planned = plan
        planned.prepared = prepared
        return planned
    }
}
