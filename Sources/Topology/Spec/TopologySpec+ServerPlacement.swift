import Federation

/// `server: {host: NAME}`: which host's node runs the FL server, and what that placement needs.
extension TopologySpec {
    /// The hosts whose nodes the run starts or dials: every host with clients or an aggregator, and the
    /// server's host.
    var hostsInRun: Set<String> {
        hostsWithClients.union(serverHost.map { [$0] } ?? []).union(aggregators.map(\.host))
    }

    /// The server's host, when the topology places the server on one.
    package var serverHostSpec: HostSpec? {
        serverHost.flatMap { name in hosts.first { $0.name == name } }
    }

    /// Where the server's node is dialled, if the topology says (a local node's address is learnt
    /// when it starts).
    var serverHostAddress: String? {
        serverHostSpec.map { $0.endpoint ?? $0.commandAddress ?? $0.bind }
    }

    /// What a server placed on a host needs: an address every client host reaches (a server node on
    /// this machine's loopback cannot be called back by a client node on another machine), client
    /// nodes it can dial (an in-process node lives inside the launching process, out of reach of
    /// another process), and no `restart: on-failure` (the launching process starts nodes again,
    /// and the server's watch cannot ask it to yet).
    func serverPlacementProblems() -> [TopologyProblem] {
        guard let server = serverHostSpec, let address = serverHostAddress else { return [] }
        var found: [TopologyProblem] = []
        let used = hostsWithClients
        for (i, host) in hosts.enumerated() where used.contains(host.name) && host.name != server.name {
            if host.start == .inProcess, server.start != .inProcess {
                found.append(
                    TopologyProblem(
                        "hosts[\(i)].start",
                        """
                        the server is placed on host \(server.name), and host \(host.name)'s in-process node lives \
                        inside the launching process, where that node cannot reach it: start host \(host.name) as a \
                        node of its own (start: local)
                        """,
                        near: ["hosts[\(i)]"]))
            }
            if let problem = unreachableServer(server, at: address, from: host) { found.append(problem) }
        }
        for (i, host) in hosts.enumerated() where hostsInRun.contains(host.name) && host.restart == .onFailure {
            found.append(
                TopologyProblem(
                    "hosts[\(i)].restart",
                    """
                    restart: on-failure is not available when the server is placed on a host (server.host): remove it \
                    (a node restarted by hand at the same address still rejoins), or remove server.host
                    """,
                    near: ["hosts[\(i)]"]))
        }
        return found
    }

    private func unreachableServer(_ server: HostSpec, at address: String, from host: HostSpec) -> TopologyProblem? {
        guard Self.isLoopback(address) || address.hasPrefix("inproc://") else { return nil }
        switch host.start {
        case .command, .running, .ssh, .slurm: break
        case .local, .inProcess: return nil
        }
        let endpoint = host.endpoint ?? host.commandAddress ?? host.bind
        guard endpoint.hasPrefix("tcp://"), !Self.isLoopback(endpoint) else { return nil }
        return TopologyProblem(
            "server.host",
            """
            the server is placed on host \(server.name) at \(address), which host \(host.name) (at \(endpoint)) \
            cannot reach: place the server on a host with an address every client host reaches, or remove server.host \
            to run it in the launching process
            """,
            near: ["server"])
    }
}
