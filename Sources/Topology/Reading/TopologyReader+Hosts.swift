import Foundation

/// The `hosts` section: where each node runs and how it starts.
extension TopologyReader {
    static func readHosts(_ value: YAMLValue?, log: IssueLog) -> [HostSpec] {
        guard let value else {
            return [HostSpec(name: "local", start: .inProcess, bind: "inproc://local", endpoint: nil)]
        }
        var hosts: [HostSpec] = []
        for item in value.sequence() ?? [] {
            guard let m = item.mapping() else { continue }
            let name = m.required("name", "a host name")?.string()
            let start = m.optional("start")?.oneOf(Vocabulary.hostStarts) ?? "local"
            let bindValue = m.optional("bind"), endpointValue = m.optional("endpoint")
            let bindText = bindValue?.string(), endpoint = endpointValue?.string()
            let command = m.optional("command")
            let restartValue = m.optional("restart")
            let restart =
                restartValue?.oneOf(HostSpec.Restart.allCases.map(\.rawValue)).flatMap(HostSpec.Restart.init(rawValue:))
                ?? .never
            let remote = RemoteFields(m)
            let link = readSharedLink(m.optional("link"))
            m.finish()
            for (value, text, isBind) in [(bindValue, bindText, true), (endpointValue, endpoint, false)] {
                guard let value, let text, let problem = EndpointPort.problem(in: text, bind: isBind) else { continue }
                value.log.record(
                    value.node, value.path,
                    isBind ? problem : "\(problem): the endpoint is dialled, so it needs the node's real port")
            }
            remote.refuseUnused(by: start, at: item)
            guard let name else { continue }
            if hosts.contains(where: { $0.name == name }) {
                item.log.record(item.node, "\(item.path).name", "duplicate host name '\(name)'")
            }
            let bind = bindText ?? defaultBind(start: start, remote: remote)
            for e in [bind] + (endpoint.map { [$0] } ?? [])
            where !(e.hasPrefix("tcp://") || e.hasPrefix("inproc://") || e.hasPrefix("ipc://")) {
                item.log.record(item.node, item.path, "expected endpoints like tcp://<address>:<port>, found '\(e)'")
            }
            if restart != .never, start == "inprocess" || start == "running" {
                item.log.record(
                    restartValue?.node, "\(item.path).restart",
                    """
                    restart: \(restart.rawValue) applies only to `local`, `command`, `ssh` and `slurm` hosts, whose \
                    node the launcher starts; a `\(start)` host's node is restarted by whoever runs it (and rejoins \
                    when it answers again): remove restart
                    """
                )
            }
            if command != nil, start != "command" {
                item.log.record(command?.node, "\(item.path).command", "a command is only used with start: command")
            }
            switch start {
            case "command":
                let words = command?.sequence()?.compactMap { $0.string() } ?? []
                if words.isEmpty {
                    item.log.record(
                        item.node, "\(item.path).command",
                        "missing: expected the command that starts the node, as a list of words")
                }
                for problem in EndpointPort.problems(inCommand: words) {
                    item.log.record(command?.node, "\(item.path).command", problem)
                }
                hosts.append(
                    HostSpec(
                        name: name, start: .command(words), bind: bind, endpoint: endpoint, restart: restart, link: link
                    ))
            case "inprocess":
                hosts.append(
                    HostSpec(name: name, start: .inProcess, bind: "inproc://\(name)", endpoint: nil, link: link))
            case "running":
                if endpoint == nil {
                    item.log.record(
                        item.node, "\(item.path).endpoint", "missing: expected the endpoint of the running node")
                }
                hosts.append(HostSpec(name: name, start: .running, bind: bind, endpoint: endpoint, link: link))
            case "ssh":
                // A target that did not read is recorded; the host stays, so its clients do not read as lost too.
                let target = remote.sshTarget(at: item) ?? SSHTarget(address: "")
                if bindText == nil, !target.address.isEmpty, !target.machineIsAddress {
                    item.log.record(
                        item.node, "\(item.path).bind",
                        """
                        missing: \(target.machine) is a name, and a node binds an address: give bind: tcp://<an \
                        address of \(target.machine)>:<port> (port 0: any free port)
                        """
                    )
                }
                hosts.append(
                    HostSpec(
                        name: name, start: .ssh(target), bind: bind, endpoint: endpoint, restart: restart, link: link))
            case "slurm":
                hosts.append(
                    HostSpec(
                        name: name, start: .slurm(remote.slurmPlacement()), bind: bind, endpoint: endpoint,
                        restart: restart, link: link))
            default:
                hosts.append(
                    HostSpec(name: name, start: .local, bind: bind, endpoint: endpoint, restart: restart, link: link))
            }
        }
        if hosts.isEmpty { log.record(value.node, value.path, "expected at least one host") }
        return hosts
    }

    /// A host's `bind` when it gives none: loopback for a local node; an ssh host's own address; every
    /// address of the machine a slurm step lands on.
    private static func defaultBind(start: String, remote: RemoteFields) -> String {
        switch start {
        case "ssh":
            guard let address = remote.address?.string() else { return "tcp://127.0.0.1:0" }
            let machine = SSHTarget(address: address).machine
            return machine.contains(":") ? "tcp://[\(machine)]:0" : "tcp://\(machine):0"
        case "slurm": return SrunCommand.defaultBind
        default: return "tcp://127.0.0.1:0"
        }
    }
}
