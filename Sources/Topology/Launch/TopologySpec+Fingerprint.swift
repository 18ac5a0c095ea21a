import ActorMesh
import Federation

extension TopologySpec {
    /// The settings that determine this run's results, named as in the topology file
    /// (`training.learning_rate`, `data.partition.alpha`, `clients[1].link.up_mbps`, …), for the
    /// checkpoint's ``RunFingerprint``: a resume under any other value is refused, naming it.
    ///
    /// Left out, because a resumed run may change them without changing what it computes: `rounds`
    /// (a resume usually adds rounds), the report paths, the run's name, where hosts and the server
    /// run and how they start (`hosts`, `server`, a group's hosts), the call timeout and `security`.
    /// The build fingerprint is in: another build may compute differently.
    package var runFingerprint: RunFingerprint {
        var s = learningSettings
        s += dataSettings
        s += roundSettings
        for (i, group) in clientGroups.enumerated() { s += Self.settings(of: group, at: "clients[\(i)]") }
        s += clientMethodSettings
        s += sharedLinkSettings
        return RunFingerprint(s)
    }

    /// One named setting of the fingerprint.
    private typealias Setting = (name: String, value: String)

    /// The build, the seed, the model, the strategy with its options and the local training.
    private var learningSettings: [Setting] {
        var s: [Setting] = [
            ("build", String(BuildFingerprint.current, radix: 16)),
            ("seed", "\(seed)"),
            ("model.name", model.name), ("model.width", "\(model.width)"),
            ("strategy.name", strategy.name),
        ]
        s += strategy.options.sorted { $0.key < $1.key }.map { ("strategy.\($0.key)", "\($0.value)") }
        s += [
            ("training.local_epochs", "\(training.epochs)"), ("training.batch_size", "\(training.batchSize)"),
            ("training.learning_rate", "\(training.learningRate)"), ("training.momentum", "\(training.momentum)"),
            ("training.weight_decay", "\(training.weightDecay)"),
        ]
        return s
    }

    /// The dataset, its partition and corruptions, the hold-out share and the samples per client.
    private var dataSettings: [Setting] {
        var s: [Setting] = [("data.dataset", data.dataset), ("data.partition.kind", data.partition.kind)]
        s += data.partition.settings.sorted { $0.key < $1.key }.map { ("data.partition.\($0.key)", "\($0.value)") }
        s.append(("data.partition.quantity_skew", data.partition.quantitySkew ?? "none"))
        for (i, corruption) in data.corruptions.enumerated() {
            s.append(("data.corruptions[\(i)].kind", corruption.kind))
            s += corruption.settings.sorted { $0.key < $1.key }.map {
                ("data.corruptions[\(i)].\($0.key)", "\($0.value)")
            }
        }
        s += [
            ("data.holdout", "\(data.holdout)"),
            ("data.samples_per_client", data.samplesPerClient.map { "\($0)" } ?? "all"),
        ]
        return s
    }

    /// Who takes part in a round and when it ends, how the model is evaluated and compressed, and how
    /// many client groups there are.
    private var roundSettings: [Setting] {
        [
            ("evaluation.test_samples", evaluation.testSamples.map { "\($0)" } ?? "all"),
            ("participation.fraction", "\(participation.fraction)"),
            ("participation.min_fit", "\(participation.minFit)"),
            ("participation.min_available", "\(participation.minAvailable)"),
            ("participation.sampling", "\(participation.sampling)"),
            ("participation.overcommit", "\(participation.overcommit)"),
            ("participation.round", participation.rounding.rawValue),
            ("participation.deadline_seconds", deadlineSeconds.map { "\($0)" } ?? "none"),
            ("timing", "\(timeMode)\(pacesNetwork ? "" : ", network physical")"),
            ("evaluation.every", "\(evaluation.every)"), ("evaluation.federated", "\(evaluation.federated)"),
            ("compression.kind", compression.kind),
            ("compression.fraction", compression.fraction.map { "\($0)" } ?? "default"),
            ("compression.error_feedback", "\(compression.errorFeedback)"),
            ("clients.groups", "\(clientGroups.count)"),
        ]
    }

    /// A client group's size, devices and link, named under `at` (`clients[1]`).
    private static func settings(of group: ClientGroupSpec, at: String) -> [Setting] {
        var s: [Setting] = [
            ("\(at).group", group.name), ("\(at).count", "\(group.count)"),
            ("\(at).device.flops_per_second", "\(group.flopsPerSecond)"),
            ("\(at).device.availability", "\(group.availability)"),
            ("\(at).device.dropout", "\(group.dropoutProbability)"),
            ("\(at).link.down_mbps", "\(group.downMbps)"), ("\(at).link.up_mbps", "\(group.upMbps)"),
            ("\(at).link.latency_ms", "\(group.latencyMilliseconds)"),
        ]
        // Named only when set, so checkpoints written before loss existed still match.
        if group.lossRate != 0 { s.append(("\(at).link.loss", "\(group.lossRate)")) }
        if let trace = group.deviceTrace {
            s.append(("\(at).device.trace", "\(trace.devices.count) devices, \(Self.digest("\(trace.devices)"))"))
        }
        if let trace = group.availabilityTrace {
            s.append(
                (
                    "\(at).availability.trace",
                    """
                    \(trace.clients.count) clients, \(Self.digest("\(trace.clients)")), period \
                    \(group.availabilityPeriodSeconds.map { "\($0)" } ?? "none")
                    """
                ))
        }
        return s
    }

    /// Client methods change what is trained and evaluated: named when set, as the loss rate.
    private var clientMethodSettings: [Setting] {
        var s: [Setting] = []
        if let filter = sampleFilter {
            s.append(("sample_filter", "small_loss \(filter.dropFraction), ramp \(filter.rampRounds)"))
        }
        if let steps = evaluation.fineTuneSteps { s.append(("evaluation.fine_tune_steps", "\(steps)")) }
        if let c = continual {
            s.append(
                (
                    "continual",
                    "\(c.tasks) tasks × \(c.roundsPerTask) rounds"
                        + (c.replay.map { ", replay \($0.memory) share \($0.share)" } ?? "")
                        + (c.ewc.map { ", ewc \($0.lambda) on \($0.fisherSamples)" } ?? "")
                ))
        }
        return s
    }

    /// Shared links change virtual times: named when a topology has them.
    private var sharedLinkSettings: [Setting] {
        var s: [Setting] = []
        if let link = serverLink { s.append(("server.link", "\(link)")) }
        for host in hosts { if let link = host.link { s.append(("hosts.\(host.name).link", "\(link)")) } }
        return s
    }

    /// A trace's contents in 16 hex digits (FNV-1a), the same on every machine.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
