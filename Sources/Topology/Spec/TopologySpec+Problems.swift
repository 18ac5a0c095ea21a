import Federation

extension TopologySpec {
    /// Everything this topology asks for that its run would refuse once the nodes are up, or could
    /// never do anything with: the checks that involve several settings at once (a model and its
    /// dataset, a strategy and the clients it gets per round, the server's address and the hosts').
    /// ``TopologyReader`` reports each, located, after the fields themselves have read cleanly; empty
    /// when the run can start and every round can aggregate.
    package func problems() -> [TopologyProblem] {
        let options = strategy.optionProblems()
        guard options.isEmpty else { return options }
        let fit = Result { () throws(FederationError) in
            try ModelFit(model: model.name, width: model.width, dataset: data.dataset)
        }
        var found = dataProblems(fit: fit)
        found += strategyProblems(fit: try? fit.get())
        found += participationProblems()
        found += privacyTargetProblems()
        if let unreachable = serverReachProblem() { found.append(unreachable) }
        found += serverPlacementProblems()
        found += securityProblems()
        found += aggregatorProblems()
        found += continualProblems()
        return found
    }

    /// With a mesh key, a node the run does not start itself must be started with one: a command
    /// host's command must pass `--curve-mesh-key` (the run cannot know where the key is on that
    /// machine), or its node would refuse the server's handshake and the run would fail at the start.
    func securityProblems() -> [TopologyProblem] {
        guard security != nil else { return [] }
        let used = hostsInRun
        return hosts.enumerated().compactMap { i, host in
            guard used.contains(host.name) else { return nil }
            switch host.start {
            // The flag as its own word, as --curve-mesh-key=FILE, or inside a one-word remote command.
            case .command(let words) where !words.contains(where: { $0.contains("--curve-mesh-key") }):
                return TopologyProblem(
                    "hosts[\(i)].command",
                    """
                    security.curve_mesh_key is set, so host \(host.name)'s node must share the key: add \
                    --curve-mesh-key <its copy of the key file> to its command
                    """
                )
            case .inProcess:
                // An encrypted transport has a ZeroMQ context of its own, and inproc:// does not cross contexts.
                return TopologyProblem(
                    "hosts[\(i)].start",
                    """
                    security.curve_mesh_key is set, and in-process nodes cannot use CurveZMQ: use start: local (a \
                    child process on this machine) for host \(host.name) (a topology without hosts runs its clients \
                    in-process)
                    """,
                    near: ["hosts[\(i)]"])
            default:
                return nil
            }
        }
    }

    /// The most results a round can aggregate: the target k of ``ParticipationPolicy/target(population:)``,
    /// fraction × clients rounded up, raised to `min_fit`, at most every client. Over-commitment invites
    /// more but keeps the first k answers; dropouts, stragglers and offline clients can only lower it.
    var resultsPerRound: Int { participation.target(population: clientCount) }

    func participationProblems() -> [TopologyProblem] {
        var found: [TopologyProblem] = []
        let n = clientCount
        if participation.minFit > n {
            found.append(
                TopologyProblem(
                    "participation.min_fit",
                    """
                    expected at most the \(n) clients of the topology, found \(participation.minFit): a round \
                    aggregates only with min_fit results, which \(n) clients can never bring, so the model would \
                    never change; lower min_fit or add clients
                    """
                ))
        }
        if participation.minAvailable > n {
            found.append(
                TopologyProblem(
                    "participation.min_available",
                    """
                    expected at most the \(n) clients of the topology, found \(participation.minAvailable): no round \
                    would ever start; lower min_available or add clients
                    """
                ))
        }
        return found
    }

    /// Hosts whose node the run starts: those that get at least one client (a group spreads its
    /// clients over its hosts round-robin, so a group of `count` uses its first `count` hosts) and
    /// those that run an aggregator.
    var hostsWithClients: Set<String> {
        Set(clientGroups.flatMap { $0.hosts.prefix($0.count) }).union(aggregators.map(\.host))
    }

    /// The nodes dial the server back at `server.bind`: a loopback address there cannot be reached
    /// from a node that runs on another machine (`start: command`, `running`, `ssh` or `slurm` at a
    /// non-loopback address). Local child processes and in-process nodes share this machine's loopback.
    package func serverReachProblem() -> TopologyProblem? {
        guard Self.isLoopback(serverBind) else { return nil }
        let used = hostsInRun
        for (i, host) in hosts.enumerated() where used.contains(host.name) {
            switch host.start {
            case .command, .running, .ssh, .slurm: break
            case .local, .inProcess: continue
            }
            let endpoint = host.endpoint ?? host.commandAddress ?? host.bind
            guard endpoint.hasPrefix("tcp://"), !Self.isLoopback(endpoint) else { continue }
            return TopologyProblem(
                "server.bind",
                """
                host \(host.name) is at \(endpoint) but the server listens on \(serverBind), a loopback address that \
                host cannot reach: set server.bind to an address of this machine it can reach (for \
                scripts/netns-hosts: tcp://10.77.0.254:0)
                """,
                near: ["server", "hosts[\(i)].endpoint", "hosts[\(i)]"])
        }
        return nil
    }

    static func isLoopback(_ endpoint: String) -> Bool {
        let rest = endpoint.dropFirst("tcp://".count)
        return endpoint.hasPrefix("tcp://")
            && (rest.hasPrefix("127.") || rest.hasPrefix("localhost:") || rest.hasPrefix("[::1]"))
    }
}
