import ActorMesh
import Foundation

/// The collect phase of a hierarchical round (``ServerConfig/sites``): instead of calling every
/// invited client, the server sends each site's aggregator the model once and gets one update back
/// per site (``SiteAggregator``), then classifies the clients from the sites' reports.
extension FederatedServer {
    /// Who runs a round this way, checked before the first round: a pre-aggregatable strategy (by its
    /// descriptor), synchronous, in virtual time, without over-commitment, each client under one site.
    func checkSites() throws(FederationError) {
        guard !config.sites.isEmpty else { return }
        let registered = strategy as? any RegisteredStrategy
        guard let registered, registered.descriptor.preAggregatable, strategy.maxStaleness == nil else {
            throw FederationError(
                .invalidSetting,
                """
                \(strategy.name) needs every client's update on its own, so aggregators cannot pre-aggregate for it; \
                run it without aggregators, or use a strategy whose rule is a weighted mean (fedavg, fedprox, \
                fedavgm, fedadagrad, fedadam, fedyogi, moon)
                """
            )
        }
        guard config.timeMode.realTimeScale == nil else {
            throw FederationError(.invalidSetting, "aggregators run in virtual time only; use timing {mode: virtual}")
        }
        guard config.participation.overcommit == 0 else {
            throw FederationError(
                .invalidSetting,
                """
                over-commitment keeps the first answers across all sites, which aggregators cannot know; set \
                overcommit to 0 with aggregators
                """
            )
        }
        var seen: [Int: String] = [:]
        for site in config.sites {
            for id in site.clients {
                if let other = seen.updateValue(site.name, forKey: id) {
                    throw FederationError(
                        .invalidSetting, "client \(id) is under two aggregators, \(other) and \(site.name)")
                }
            }
        }
        if let missing = clients.keys.sorted().first(where: { seen[$0] == nil }) {
            throw FederationError(
                .invalidSetting, "client \(missing) is under no aggregator: with aggregators, every client needs one")
        }
    }

    /// One site's part of the round: its invited clients and what was sent to its aggregator.
    struct SiteCall: Sendable {
        var site: AggregationSite
        var instructions: SiteInstructions
        /// When the model reached the aggregator, in virtual seconds since the round began.
        var modelArrival: Double
    }

    /// Sends every site with invited clients its instructions, waits for the sites' updates, and
    /// classifies the clients from them (into `record`), returning the sites' updates to aggregate.
    func collectThroughSites(
        _ instructions: [Int: FitInstructions], references: [Int: ClientActor], into record: inout RoundRecord,
        round: Int
    ) async -> RoundAnswers {
        let calls = siteCalls(instructions, references: references, round: round)
        let updates = await callSites(calls, round: round)
        return classifySites(calls, updates, into: &record)
    }

    /// Each site's instructions: the model, its invited clients, its links and its cut-off (the round
    /// deadline less the model's way down and a full-size update's way up alone on its link).
    func siteCalls(_ instructions: [Int: FitInstructions], references: [Int: ClientActor], round: Int) -> [SiteCall] {
        let modelBytes = 4 * global.count
        let active = config.sites.filter { site in site.clients.contains { instructions[$0] != nil } }
        let tier = SiteTransfers(server: config.network.server)
        let downs = tier.arrivals(
            active.map { SiteTransfers.Transfer(site: $0.name, link: $0.link, start: 0, bytes: modelBytes) }, .down)
        var local = config.network
        local.server = nil
        return active.map { site in
            let down = downs[site.name] ?? 0
            let clients = site.clients.sorted().compactMap { id -> SiteClient? in
                guard let sent = instructions[id], let reference = references[id] else { return nil }
                return SiteClient(
                    id: id, actor: reference.id, plan: sent.plan, hooks: sent.hooks,
                    sampleCount: descriptions[id]?.sampleCount ?? 0,
                    profile: descriptions[id]?.profile ?? ClientProfile())
            }
            let cutOff = config.roundDeadlineSeconds.map {
                max(0, $0 - down - tier.alone(site.link, bytes: modelBytes, .up))
            }
            let sent = SiteInstructions(
                round: round, site: site.name, parameters: global, clients: clients, compression: config.compression,
                cutOffSeconds: cutOff, network: local, callTimeoutSeconds: config.callTimeout.seconds)
            return SiteCall(site: site, instructions: sent, modelArrival: down)
        }
    }

    /// Calls every site's aggregator at once (twice the call timeout each: its clients' calls run
    /// within one); reports each client's answer as its site's update arrives.
    func callSites(_ calls: [SiteCall], round: Int) async -> [String: Result<SiteUpdate, any Error>] {
        let directory = aggregators
        let timeout = config.callTimeout * 2
        return await withTaskGroup(of: (String, Result<SiteUpdate, any Error>).self) { group in
            for call in calls {
                group.addTask {
                    let outcome: Result<SiteUpdate, any Error>
                    do {
                        guard let aggregator = await directory?.aggregator(ofSite: call.site.name) else {
                            throw FederationError(
                                .invalidSetting, "the aggregator of site \(call.site.name) cannot be reached")
                        }
                        let update = try await MeshSystem.withDeadline(timeout) {
                            try await aggregator.collect(call.instructions)
                        }
                        outcome = .success(update)
                    } catch {
                        outcome = .failure(error)
                    }
                    return (call.site.name, outcome)
                }
            }
            var out: [String: Result<SiteUpdate, any Error>] = [:]
            for await (name, outcome) in group {
                out[name] = outcome
                for (client, answer) in Self.answers(outcome, of: calls.first { $0.site.name == name }) {
                    progress(.answered(round: round, client: client, answer: answer))
                }
            }
            return out
        }
    }

    /// How each client of a site's call is reported once the site answered.
    static func answers(_ outcome: Result<SiteUpdate, any Error>, of call: SiteCall?) -> [(Int, RoundProgress.Answer)] {
        guard let call else { return [] }
        switch outcome {
        case .failure(let error):
            return call.instructions.clients.map { ($0.id, .failed(reason: "its aggregator failed: \(error)")) }
        case .success(let update):
            return update.clients.map { report in
                switch report.outcome {
                case .completed, .straggled, .surplus: (report.id, .result)
                case .dropped: (report.id, .droppedOut)
                case .failed(let reason): (report.id, .failed(reason: reason))
                }
            }
        }
    }
}
