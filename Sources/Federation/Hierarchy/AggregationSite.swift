/// One aggregator of a hierarchical run: the site it serves, the clients under it and its link to the
/// server (the WAN hop every model and update of the site crosses once).
///
/// With sites, a round goes server → aggregator → clients and back: the server sends each site's
/// aggregator the model once, the aggregator forwards it to its invited clients, collects their
/// answers against its own cut-off, pre-aggregates the usable ones and sends one update upstream
/// (``SiteAggregator``, ``SiteCollection``). Only strategies whose descriptor says
/// ``StrategyDescriptor/preAggregatable`` can be run this way.
package struct AggregationSite: Codable, Sendable, Equatable {
    /// The aggregator's name (the topology's `aggregators[].name`).
    package var name: String
    /// The ids of the clients under it.
    package var clients: [Int]
    /// Its link to the server (nil: unlimited).
    package var link: SharedLink?

    package init(name: String, clients: [Int], link: SharedLink? = nil) {
        self.name = name
        self.clients = clients
        self.link = link
    }
}

/// Where the server finds each site's aggregator, round by round (a node can go down and come back).
package protocol AggregatorDirectory: Sendable {
    /// The aggregator of site `name`, or nil when its node is not reachable now.
    func aggregator(ofSite name: String) async -> SiteAggregator?
}

/// Aggregators known once, for runs configured in code and for tests.
package struct FixedAggregators: AggregatorDirectory {
    package let aggregators: [String: SiteAggregator]

    package init(_ aggregators: [String: SiteAggregator]) { self.aggregators = aggregators }

    package func aggregator(ofSite name: String) async -> SiteAggregator? { aggregators[name] }
}
