import Federation

/// One aggregator of a hierarchical topology (`aggregators:`): a site's aggregator on a host's node,
/// the client groups under it, and its link to the server.
package struct AggregatorSpec: Sendable, Equatable {
    /// Its name, unique among the aggregators (reports name sites by it).
    package var name: String
    /// The host whose node runs it.
    package var host: String
    /// The client groups under it, by name.
    package var groups: [String]
    /// Its link to the server, the WAN hop of its site (nil: unlimited).
    package var link: SharedLink?

    package init(name: String, host: String, groups: [String], link: SharedLink? = nil) {
        self.name = name
        self.host = host
        self.groups = groups
        self.link = link
    }
}

extension TopologySpec {
    /// What a hierarchical topology asks for that its run would refuse: a strategy that needs every
    /// client's update on its own (located at `strategy`), over-commitment, real time, and a client
    /// group under no aggregator. Empty for a flat topology.
    func aggregatorProblems() -> [TopologyProblem] {
        guard !aggregators.isEmpty else { return [] }
        var found: [TopologyProblem] = []
        if let descriptor = StrategyRegistry.current.descriptor(named: strategy.name) {
            let lateUpdates = descriptor.needs.contains(.lateUpdates)
            if !descriptor.preAggregatable || lateUpdates {
                found.append(
                    TopologyProblem(
                        "strategy",
                        "\(strategy.name) cannot run with aggregators: \(lateUpdates ? "its late updates arrive client by client, in later rounds" : "its server rule needs every client's update on its own (not a weighted mean), so an aggregator cannot pre-aggregate them"); use one whose rule is a weighted mean (\(Self.preAggregatableNames.joined(separator: ", "))), or remove aggregators",
                        near: ["aggregators"]))
            }
        }
        if participation.overcommit > 0 {
            found.append(
                TopologyProblem(
                    "participation.overcommit",
                    """
                    over-commitment keeps the first answers across all sites, which the aggregators cannot know: \
                    remove overcommit, or remove aggregators
                    """
                ))
        }
        if case .realTime = timeMode {
            found.append(
                TopologyProblem(
                    "timing.mode", "aggregators run in virtual time only: use timing {mode: virtual}",
                    near: ["timing"]))
        }
        let covered = Set(aggregators.flatMap(\.groups))
        for (i, group) in clientGroups.enumerated() where !covered.contains(group.name) {
            found.append(
                TopologyProblem(
                    "clients[\(i)]",
                    """
                    group \(group.name) is under no aggregator: with aggregators, every client group must be listed \
                    in one aggregator's clients
                    """
                ))
        }
        return found
    }

    /// The strategies whose descriptor says they can be pre-aggregated, by name.
    static var preAggregatableNames: [String] {
        StrategyRegistry.current.descriptors.filter { $0.preAggregatable && !$0.needs.contains(.lateUpdates) }.map(
            \.name)
    }
}
