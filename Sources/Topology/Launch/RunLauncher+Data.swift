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
        var prepared = try await dataPreparer.prepare(
            plan, coordinator: side.coordinator, endpoints: endpoints, announce: announce)
        guard !prepared.training.isEmpty else {
            throw FederationError(
                .notEnoughClients, "no client's data fits the task after the data stages: \(prepared.summary)")
        }
        var planned = plan
        prepared.notes += Self.fitParticipation(&planned.spec.participation, to: prepared.training.count)
        announce("data stages: " + prepared.summary)
        planned.prepared = prepared
        return planned
    }

    /// Lowers `min_fit` and `min_available` to the `training` clients left after the stages when they
    /// ask for more (no round could reach them: every round would keep the model), saying so.
    static func fitParticipation(_ participation: inout ParticipationPolicy, to training: Int) -> [String] {
        var notes: [String] = []
        if participation.minFit > training {
            notes.append("min_fit lowered from \(participation.minFit) to the \(training) clients that train")
            participation.minFit = training
        }
        if participation.minAvailable > training {
            notes.append(
                "min_available lowered from \(participation.minAvailable) to the \(training) clients that train")
            participation.minAvailable = training
        }
        return notes
    }
}
