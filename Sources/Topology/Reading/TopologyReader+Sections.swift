import ActorMesh
import Federation
import Yams

extension TopologyReader {
    static func readGroup(_ item: YAMLValue, hosts: [String]) -> ClientGroupSpec? {
        guard let m = item.mapping() else { return nil }
        let name =
            m.optional("group")?.string()
            ?? "group\(item.path.split(separator: "[").last.map { String($0.dropLast()) } ?? "")"
        let count = m.required("count", "the number of clients in the group")?.int(1...maxClients)
        var groupHosts = [hosts.first ?? "local"]
        if let h = m.optional("host") { groupHosts = h.oneOf(hosts).map { [$0] } ?? groupHosts }
        if let hs = m.optional("hosts"), let listed = hs.sequence() {
            if listed.isEmpty {
                hs.log.record(
                    hs.node, hs.path,
                    """
                    expected at least one host name, found none: list the hosts the group's clients are spread over, \
                    or remove the key to use the first host
                    """
                )
            } else {
                groupHosts = listed.compactMap { $0.oneOf(hosts) }
            }
        }
        var flops = Distribution.constant(2e9), availability = 1.0, dropout = 0.0
        var deviceTrace: DeviceTrace?, availabilityTrace: AvailabilityTrace?, period: Double?
        if let device = m.optional("device")?.mapping() {
            if let f = device.optional("flops_per_second") { flops = readDistribution(f, 1...1e15) ?? flops }
            deviceTrace = device.optional("trace").flatMap { readTrace($0, DeviceTrace.parse) }
            availability = device.optional("availability")?.double(0...1) ?? availability
            dropout = device.optional("dropout")?.double(0...1) ?? dropout
            device.finish()
        }
        if let online = m.optional("availability")?.mapping() {
            availabilityTrace = online.required("trace", "the availability trace's CSV file").flatMap {
                readTrace($0, AvailabilityTrace.parse)
            }
            period = online.optional("period_seconds")?.double(
                1...1e9, "the trace's period in seconds (it repeats after it), at least 1")
            online.finish()
        }
        var down = Distribution.constant(100), up = Distribution.constant(20), latency = 20.0, loss = 0.0
        if let link = m.optional("link")?.mapping() {
            loss =
                link.optional("loss")?.double(0...0.5, "a packet loss probability in 0...0.5 (e.g. 0.01 for 1%)")
                ?? loss
            if let d = link.optional("down_mbps") { down = readDistribution(d, 0.001...1e6) ?? down }
            if let u = link.optional("up_mbps") { up = readDistribution(u, 0.001...1e6) ?? up }
            latency = link.optional("latency_ms")?.double(0...60_000) ?? latency
            link.finish()
        }
        m.finish()
        guard let count else { return nil }
        return ClientGroupSpec(
            name: name, count: count, hosts: groupHosts, flopsPerSecond: flops, availability: availability,
            dropoutProbability: dropout, downMbps: down, upMbps: up, latencyMilliseconds: latency, lossRate: loss,
            deviceTrace: deviceTrace, availabilityTrace: availabilityTrace, availabilityPeriodSeconds: period)
    }

    /// A number, or `{uniform: [lo, hi]}`, `{lognormal: {median: m, sigma: s}}`, `{choice: {values: [...], weights:
    /// [...]}}`,
    /// checked as ``Distribution/validated()`` checks it, so the run never draws from an impossible one.
    static func readDistribution(_ value: YAMLValue, _ range: ClosedRange<Double>) -> Distribution? {
        guard let distribution = readDistributionParameters(value, range) else { return nil }
        do {
            return try distribution.validated()
        } catch {
            value.log.record(value.node, value.path, "cannot draw from this distribution: \(error.message)")
            return nil
        }
    }

    /// The distribution as written, each parameter in range; ``readDistribution(_:_:)`` then checks them together.
    private static func readDistributionParameters(_ value: YAMLValue, _ range: ClosedRange<Double>) -> Distribution? {
        if case .scalar = value.node { return value.double(range).map(Distribution.constant) }
        guard let m = value.mapping() else { return nil }
        defer { m.finish() }
        if let u = m.optional("uniform") {
            guard let lohi = u.doubles(count: 2, range) else { return nil }
            guard lohi[0] <= lohi[1] else { u.fail("[low, high] with low <= high"); return nil }
            return .uniform(low: lohi[0], high: lohi[1])
        }
        if let l = m.optional("lognormal")?.mapping() {
            defer { l.finish() }
            guard let median = l.required("median", "the median")?.double(range),
                let sigma = l.required("sigma", "σ of the log")?.double(0...5)
            else { return nil }
            return .logNormal(median: median, sigma: sigma)
        }
        if let c = m.optional("choice")?.mapping() {
            defer { c.finish() }
            let values = c.required("values", "a list of values")?.sequence()?.compactMap { $0.double(range) }
            let weights = c.required("weights", "a list of weights")?.sequence()?.compactMap { $0.double(0...1e9) }
            guard let values, let weights, !values.isEmpty, values.count == weights.count else {
                value.fail("{choice: {values: [...], weights: [...]}} with as many weights as values")
                return nil
            }
            return .choice(values: values, weights: weights)
        }
        value.fail(
            "a number or one of {uniform: [low, high]}, {lognormal: {median, sigma}}, {choice: {values, weights}}")
        return nil
    }

    static func readData(_ value: YAMLValue?) -> DataSpec? {
        guard let m = value?.mapping() else { return nil }
        let dataset = m.required("dataset", "one of \(Vocabulary.datasets.joined(separator: ", "))")?.oneOf(
            Vocabulary.datasets)
        var partition = PartitionSpec(kind: "iid", settings: [:], quantitySkew: nil)
        if let p = m.optional("partition") {
            if case .scalar = p.node {
                partition.kind = p.oneOf(Vocabulary.partitions) ?? "iid"
            } else if let pm = p.mapping() {
                partition.kind =
                    pm.required("kind", "one of \(Vocabulary.partitions.joined(separator: ", "))")?.oneOf(
                        Vocabulary.partitions) ?? "iid"
                for key in Vocabulary.partitionSettings[partition.kind] ?? [] {
                    guard let value = pm.optional(key) else { continue }
                    switch key {
                    case "alpha": if let v = value.double(0.001...1000) { partition.settings[key] = v }
                    case _ where Vocabulary.booleanPartitionSettings.contains(key):
                        if let v = value.bool() { partition.settings[key] = v ? 1 : 0 }
                    case "min_partition_size": if let v = value.int(0...100_000) { partition.settings[key] = Double(v) }
                    // A whole number of shards, as the run's partitioner takes it.
                    case "shards_per_client": if let v = value.int(1...100_000) { partition.settings[key] = Double(v) }
                    default: if let v = value.double(1...100_000) { partition.settings[key] = v }
                    }
                }
                if let seed = pm.optional("seed")?.int(0...Int(UInt32.max)) {
                    partition.settings["seed"] = Double(seed)
                }
                partition.quantitySkew = pm.optional("quantity_skew")?.oneOf(Vocabulary.quantitySkews)
                pm.finish()
                if partition.kind == "dirichlet" || partition.kind == "flower_dirichlet", !pm.keys.contains("alpha") {
                    p.log.record(
                        p.node, "\(p.path).alpha",
                        "missing: \(partition.kind) needs alpha (smaller is more skewed, e.g. 0.5)")
                }
                if partition.kind == "shards", !pm.keys.contains("shards_per_client") {
                    p.log.record(
                        p.node, "\(p.path).shards_per_client", "missing: shards needs shards_per_client (e.g. 2)")
                }
            }
        }
        var corruptions: [CorruptionSpec] = []
        for item in m.optional("corruptions")?.sequence() ?? [] {
            guard let cm = item.mapping() else { continue }
            let kind = cm.required("kind", "one of \(Vocabulary.corruptions.joined(separator: ", "))")?.oneOf(
                Vocabulary.corruptions)
            var settings: [String: [Double]] = [:]
            if let r = cm.optional("range"),
                let range = r.doubles(
                    count: 2, -1e9...1e9, "a number within ±1e9 (each kind's own limits are checked next)")
            {
                // The range each kind's strength accepts is the run's own (ClientDataBuilder checks the same).
                do {
                    if let kind { try ClientDataBuilder.checkStrengthRange(range, of: kind) }
                    settings["range"] = range
                } catch {
                    r.log.record(r.node, r.path, error.message)
                }
            }
            if let clients = cm.optional("fraction_of_clients") {
                settings["fraction_of_clients"] = clients.double(0...1).map { [$0] }
            }
            cm.finish()
            guard let kind else { continue }
            if corruptions.contains(where: { $0.kind == kind }) {
                item.log.record(
                    item.node, "\(item.path).kind",
                    "\(kind) is listed twice; a run applies each corruption once: merge them into one entry")
            }
            corruptions.append(CorruptionSpec(kind: kind, settings: settings))
        }
        let holdout = m.optional("holdout")?.double(0...0.9) ?? 0
        let samples = m.optional("samples_per_client")?.int(1...10_000_000)
        m.finish()
        guard let dataset else { return nil }
        var data = DataSpec(dataset: dataset, partition: partition, corruptions: corruptions, holdout: holdout)
        data.samplesPerClient = samples
        return data
    }

    static func readModel(_ value: YAMLValue?) -> ModelSpec? {
        guard let value else { return nil }
        if case .scalar = value.node { return value.oneOf(Vocabulary.models).map { ModelSpec(name: $0, width: 1) } }
        guard let m = value.mapping() else { return nil }
        let name = m.required("name", "one of \(Vocabulary.models.joined(separator: ", "))")?.oneOf(Vocabulary.models)
        let width = m.optional("width")?.double(0.0625...4) ?? 1
        m.finish()
        return name.map { ModelSpec(name: $0, width: width) }
    }

    static func readStrategy(_ value: YAMLValue?) -> StrategySpec? {
        guard let value else { return nil }
        let names = Vocabulary.strategyNames
        if case .scalar = value.node { return value.oneOf(names).map { StrategySpec(name: $0, options: [:]) } }
        guard let m = value.mapping() else { return nil }
        let name = m.required("name", "one of \(Vocabulary.strategies.joined(separator: ", "))")?.oneOf(names)
        var options: [String: Double] = [:]
        var unread = false
        for key in m.keys where key != "name" {
            if let v = m.optional(key)?.double(-1e9...1e9) { options[key] = v } else { unread = true }
        }
        m.finish()
        guard let name else { return nil }
        let spec = StrategySpec(name: name, options: options)
        // Each option as the strategy checks it, at the option (an unknown one with the nearest valid name).
        if !unread {
            for problem in spec.optionProblems() { value.log.record(problem) }
        }
        return spec
    }

    static func readTraining(_ value: YAMLValue?) -> (LocalPlan, Int) {
        var plan = LocalPlan()
        var rounds = 10
        guard let m = value?.mapping() else { return (plan, rounds) }
        rounds = m.optional("rounds")?.int(1...100_000) ?? rounds
        plan.epochs = m.optional("local_epochs")?.int(1...1000) ?? plan.epochs
        plan.batchSize = m.optional("batch_size")?.int(1...1_000_000) ?? plan.batchSize
        plan.learningRate = m.optional("learning_rate")?.double(1e-9...100).map(Float.init) ?? plan.learningRate
        plan.momentum = m.optional("momentum")?.double(0...0.999).map(Float.init) ?? plan.momentum
        plan.weightDecay = m.optional("weight_decay")?.double(0...1).map(Float.init) ?? plan.weightDecay
        m.finish()
        return (plan, rounds)
    }

    static func readParticipation(_ value: YAMLValue?) -> (ParticipationPolicy, Double?, Double) {
        var policy = ParticipationPolicy()
        var deadline: Double?
        var timeout = 120.0
        guard let m = value?.mapping() else { return (policy, deadline, timeout) }
        policy.fraction =
            m.optional("fraction")?.double(0.000_001...1, "a fraction in (0, 1] (0 would select nobody)")
            ?? policy.fraction
        policy.minFit = m.optional("min_fit")?.int(1...1_000_000) ?? policy.minFit
        policy.minAvailable = m.optional("min_available")?.int(1...1_000_000) ?? policy.minAvailable
        switch m.optional("sampling")?.oneOf(Vocabulary.samplings) {
        case "by_size": policy.sampling = .bySize
        case "power_of_choice":
            policy.sampling = .powerOfChoice(candidates: m.optional("candidates")?.int(1...1_000_000) ?? 10)
        default:
            if let candidates = m.optional("candidates") {
                candidates.log.record(
                    candidates.node, candidates.path,
                    "candidates is used only by sampling: power_of_choice; remove it or set that sampling")
            }
        }
        policy.overcommit = m.optional("overcommit")?.double(0...10) ?? policy.overcommit
        if m.optional("round")?.oneOf(Vocabulary.participationRoundings) == "floor" { policy.rounding = .floor }
        deadline = m.optional("deadline_seconds")?.double(0.001...1e9)
        timeout = m.optional("call_timeout_seconds")?.double(0.01...86_400) ?? timeout
        m.finish()
        return (policy, deadline, timeout)
    }

    /// `timing: {mode: virtual}` (the default) or `{mode: real, scale: S, network: paced | physical}`:
    /// S real seconds per virtual second; whether clients sleep for their links' times too.
    static func readTiming(_ value: YAMLValue?) -> (TimeMode, pacesNetwork: Bool) {
        guard let m = value?.mapping() else { return (.virtual, true) }
        let mode = m.optional("mode")?.oneOf(Vocabulary.timeModes) ?? "virtual"
        let scale = m.optional("scale")?.double(0.000_001...1000, "real seconds per virtual second, in (0, 1000]")
        let network = m.optional("network")?.oneOf(Vocabulary.networkPacings)
        m.finish()
        if mode == "real" { return (.realTime(scale: scale ?? 1), network != "physical") }
        for key in ["scale", "network"] where m.keys.contains(key) {
            if let node = m.optional(key) {
                node.log.record(
                    node.node, node.path, "\(key == "scale" ? "a scale" : "network") is only used with mode: real")
            }
        }
        return (.virtual, true)
    }

    static func readEvaluation(_ value: YAMLValue?) -> EvaluationSpec {
        var spec = EvaluationSpec(every: 1, federated: false)
        guard let m = value?.mapping() else { return spec }
        spec.every = m.optional("every")?.int(0...100_000) ?? spec.every
        spec.federated = m.optional("federated")?.bool() ?? spec.federated
        spec.testSamples = m.optional("test_samples")?.int(1...10_000_000)
        spec.metric = m.optional("metric")?.oneOf(Vocabulary.metrics)
        if let steps = m.optional("fine_tune_steps") {
            spec.fineTuneSteps = steps.int(1...10_000)
            if !spec.federated {
                steps.log.record(
                    steps.node, steps.path,
                    "fine_tune_steps adapts each client's model before the client evaluates it, which only a federated evaluation does: add federated: true, or remove it"
                )
            }
        }
        m.finish()
        return spec
    }

    static func readCompression(_ value: YAMLValue?) -> CompressionSpec {
        var spec = CompressionSpec(kind: "none", fraction: nil, errorFeedback: false)
        guard let value else { return spec }
        if case .scalar = value.node {
            spec.kind = value.oneOf(Vocabulary.compressions) ?? "none"
            if spec.kind.hasPrefix("topk") {
                value.log.record(
                    value.node, value.path,
                    "top-k needs the fraction of coordinates to keep: write {kind: \(spec.kind), fraction: 0.01}")
            }
            return spec
        }
        guard let m = value.mapping() else { return spec }
        let kind = m.required("kind", "one of \(Vocabulary.compressions.joined(separator: ", "))")?.oneOf(
            Vocabulary.compressions)
        spec.kind = kind ?? "none"
        let fraction = m.optional("fraction")
        spec.fraction = fraction?.double(0.000_001...1)
        let feedback = m.optional("error_feedback")
        spec.errorFeedback = feedback?.bool() ?? false
        m.finish()
        // Missing only when not written at all: a fraction written out of range has its own issue.
        if spec.kind.hasPrefix("topk"), !m.keys.contains("fraction") {
            value.log.record(
                value.node, "\(value.path).fraction",
                "missing: top-k needs the fraction of coordinates to keep (e.g. 0.01)")
        }
        // A setting the chosen kind does not use would be silently ignored.
        if let fraction, kind != nil, !spec.kind.hasPrefix("topk") {
            fraction.log.record(
                fraction.node, fraction.path,
                """
                only top-k (topk, topk+q8) keeps a fraction of the coordinates; \(spec.kind) does not use it: remove \
                it
                """
            )
        }
        if let feedback, kind == "none", spec.errorFeedback {
            feedback.log.record(
                feedback.node, feedback.path,
                """
                error feedback carries a compression's error into the next round; with kind none there is none: \
                remove it or choose a compression
                """
            )
        }
        return spec
    }

    static func readReport(_ value: YAMLValue?) -> ReportSpec {
        var spec = ReportSpec()
        guard let m = value?.mapping() else { return spec }
        spec.json = m.optional("json")?.string()
        spec.csv = m.optional("csv")?.string()
        spec.html = m.optional("html")?.string()
        m.finish()
        return spec
    }

    static func readSecurity(_ value: YAMLValue?) -> SecuritySpec? {
        guard let m = value?.mapping() else { return nil }
        let key = m.required(
            "curve_mesh_key",
            """
            the file with the CurveZMQ secret key every process of the run shares (fedactors keys generate --name \
            mesh)
            """
        )
        m.finish()
        guard let key, let path = key.string() else { return nil }
        do {
            _ = try CurveKeyFile.sharedMesh(at: path)
        } catch {
            key.log.record(
                key.node, key.path, "\(error.message) (the path is relative to the directory fedactors runs in)")
        }
        return SecuritySpec(curveMeshKey: path)
    }
}
