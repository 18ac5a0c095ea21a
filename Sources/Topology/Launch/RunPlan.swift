import ActorMesh
import Federation
import Learning

/// A topology resolved into what the launcher does: which clients live on which host, each client's
/// drawn profile, the setup each host's node builds, and the server's settings. Pure and seeded.
package struct RunPlan: Sendable {
    package internal(set) var spec: TopologySpec
    /// Client ids by host name (hosts without clients are absent).
    package let clientsByHost: [String: [Int]]
    /// Every client's device and link, drawn from its group's distributions (or read from its device trace).
    package let profiles: [Int: ClientProfile]
    /// When each client whose group has an availability trace is online.
    package let availability: [Int: AvailabilityWindows]
    /// Client ids by group name.
    package let clientsByGroup: [String: [Int]]
    /// The topology's text and path, when it was read from a file: a server placed on a host
    /// (`server: {host: NAME}`) reads it there.
    package var source: TopologySource?
    /// After the data stages of a `messy:` topology: the clients that train (on the data their nodes
    /// prepared) and those left out. nil: every client trains on the partition's data.
    package var prepared: PreparedClients?
    /// For the data stages' human gate, which nobody answers during a run: take the harmonizer's
    /// proposal for a label it is unsure of (true, like `--yes`), or leave that label's samples out (false).
    package var acceptsLabelProposals = false
    /// For the data stages' harmonizer: read the labels its glossary is unsure of with the LLM of the
    /// FL server's process (`--backend harmonizer=llm`) before the gate, or stay offline (false).
    package var harmonizerAsksLLM = false

    package init(_ given: TopologySpec) throws(FederationError) {
        let spec = try given.resolvingPrivacyTarget()
        self.spec = spec
        var rng = SplitMix64(seed: spec.seed ^ 0x5EED_C11E)
        var byHost: [String: [Int]] = [:]
        var profiles: [Int: ClientProfile] = [:]
        var availability: [Int: AvailabilityWindows] = [:]
        var byGroup: [String: [Int]] = [:]
        var next = 0
        for group in spec.clientGroups {
            for i in 0..<group.count {
                let host = group.hosts[i % group.hosts.count]
                var device = DeviceProfile(
                    flopsPerSecond: max(1, group.flopsPerSecond.sample(using: &rng)), availability: group.availability,
                    dropoutProbability: group.dropoutProbability)
                var link = LinkProfile(
                    downBytesPerSecond: max(1, group.downMbps.sample(using: &rng) * 125_000),
                    upBytesPerSecond: max(1, group.upMbps.sample(using: &rng) * 125_000),
                    latencySeconds: group.latencyMilliseconds / 1000, lossRate: group.lossRate)
                // A traced device replaces the draws (made all the same, so other groups draw as before).
                if let traced = group.deviceTrace?.device(i) {
                    device.flopsPerSecond = traced.flopsPerSecond
                    if let down = traced.downMbps { link.downBytesPerSecond = down * 125_000 }
                    if let up = traced.upMbps { link.upBytesPerSecond = up * 125_000 }
                }
                if let trace = group.availabilityTrace {
                    availability[next] = trace.windows(i, periodSeconds: group.availabilityPeriodSeconds)
                }
                profiles[next] = ClientProfile(device: try device.validated(), link: try link.validated())
                byHost[host, default: []].append(next)
                byGroup[group.name, default: []].append(next)
                next += 1
            }
        }
        clientsByHost = byHost
        self.profiles = profiles
        self.availability = availability
        clientsByGroup = byGroup
        try checkServerIsReachable()
        _ = try clientMethods
    }

    /// Nodes on other machines dial the server back at `server.bind` (``TopologySpec/serverReachProblem()``):
    /// checked again here for a spec that did not come through ``TopologyReader``.
    func checkServerIsReachable() throws(FederationError) {
        if let problem = spec.serverReachProblem() { throw FederationError(.invalidSetting, problem.message) }
    }

    /// What the node of `host` builds: the shared data/model settings and its own clients.
    package func setup(for host: String) -> ClientSetup {
        var setup = ClientSetup(
            dataset: spec.data.dataset, partition: spec.data.partition.kind,
            partitionSettings: spec.data.partition.settings,
            quantitySkew: spec.data.partition.quantitySkew,
            corruptions: Dictionary(
                spec.data.corruptions.map { ($0.kind, $0.settings) }, uniquingKeysWith: { a, _ in a }),
            holdout: spec.data.holdout, model: spec.model.name, width: spec.model.width, seed: spec.seed,
            totalClients: spec.clientCount,
            clients: Dictionary(
                uniqueKeysWithValues: (clientsByHost[host] ?? []).compactMap { id in profiles[id].map { (id, $0) } }))
        setup.sampleLimit = spec.data.samplesPerClient
        if let prepared {
            setup.clients = setup.clients.filter { prepared.training.contains($0.key) }
            setup.trainsOnPreparedData = true
        }
        // HeteroFL: client models at the strategy's widths (the evaluator's, the global one, stays at model.width).
        setup.widthLevels = StrategyCatalog.submodelWidths(name: spec.strategy.name, options: spec.strategy.options)
        // Checked when the plan was made (``clientMethods``), so it builds here.
        setup.methods = try? clientMethods
        return setup
    }

    /// The small-loss filter, local fine-tuning (at the training section's learning rate and batch
    /// size) and continual tasks the clients apply, or nil when the topology asks for none.
    /// - Throws: ``FederationError`` for settings ``LocalFineTuning`` refuses.
    package var clientMethods: ClientMethods? {
        get throws(FederationError) {
            let fineTune = try spec.evaluation.fineTuneSteps.map { steps throws(FederationError) in
                try LocalFineTuning(
                    steps: steps, learningRate: spec.training.learningRate, batchSize: spec.training.batchSize)
            }
            guard spec.sampleFilter != nil || fineTune != nil || spec.continual != nil else { return nil }
            return ClientMethods(smallLoss: spec.sampleFilter, fineTune: fineTune, continual: spec.continual)
        }
    }

    /// The evaluator's setup: the same data and model, no clients.
    package var evaluatorSetup: ClientSetup {
        var s = setup(for: "")
        s.clients = [:]
        s.evaluationLimit = spec.evaluation.testSamples
        // Messy data's task leaves classes out: the global model is measured on the task's classes.
        if let messy = spec.messy, !messy.excludedClasses.isEmpty {
            s.evaluationClasses = messy.taskClasses.compactMap { FashionMNIST.labelNames.firstIndex(of: $0) }
        }
        return s
    }

    /// Continual learning: the setup of each task's evaluator (the evaluator's, on the test samples
    /// of the task's classes); empty without tasks.
    package var taskEvaluatorSetups: [ClientSetup] {
        get throws(FederationError) {
            guard let continual = spec.continual, let facts = DatasetFacts.of(spec.data.dataset) else { return [] }
            return try continual.split(classes: facts.classes).classesPerTask.map { classes in
                var setup = evaluatorSetup
                setup.evaluationClasses = classes
                return setup
            }
        }
    }

    /// The links clients' transfers share: the server's, and each host's, with every client at its host.
    package var network: NetworkModel {
        var sites: [String: SharedLink] = [:]
        for host in spec.hosts { if let link = host.link { sites[host.name] = link } }
        var clientSites: [Int: String] = [:]
        for (host, ids) in clientsByHost where sites[host] != nil { for id in ids { clientSites[id] = host } }
        return NetworkModel(server: spec.serverLink, sites: sites, clientSites: clientSites)
    }

    /// Whether the run starts host `name`'s node: it holds clients or runs an aggregator.
    package func startsNode(of name: String) -> Bool {
        clientsByHost[name] != nil || spec.aggregators.contains { $0.host == name }
    }

    /// The aggregators as the server sees them: each with the ids of its groups' clients.
    package var sites: [AggregationSite] {
        spec.aggregators.map { a in
            AggregationSite(
                name: a.name, clients: a.groups.flatMap { clientsByGroup[$0] ?? [] }.sorted(), link: a.link)
        }
    }

    /// The server's settings.
    package var serverConfig: ServerConfig {
        get throws(FederationError) {
            var plan = spec.training
            plan.seed = spec.seed
            var config = ServerConfig(
                rounds: spec.rounds, participation: spec.participation, plan: plan,
                roundDeadlineSeconds: spec.deadlineSeconds,
                callTimeout: .milliseconds(Int64(spec.callTimeoutSeconds * 1000)), evaluateEvery: spec.evaluation.every,
                federatedEvaluation: spec.evaluation.federated, seed: spec.seed,
                compression: try spec.compression.compression,
                timeMode: spec.timeMode)
            config.network = network
            config.pacesNetwork = spec.pacesNetwork
            config.availability = availability
            config.fingerprint = spec.runFingerprint
            config.sites = sites
            config.continual = spec.continual
            return config
        }
    }
}
