import Federation
import Foundation

/// The `hosts` section: where each node runs and how it starts.
extension TopologyReader {
    static func readHosts(_ value: YAMLValue?, log: IssueLog) -> [HostSpec] {
        guard let value else {
            return [HostSpec(name: "local", start: .inProcess, bind: "inproc://local", endpoint: nil)]
        }
        var hosts: [HostSpec] = []
        for item in value.sequence() ?? [] {
            if let host = readHost(item, after: hosts) { hosts.append(host) }
        }
        if hosts.isEmpty { log.record(value.node, value.path, "expected at least one host") }
        return hosts
    }

    /// What one entry of `hosts` says, read before it is checked.
    private struct HostFields {
        let name: String?
        let start: String
        let bindValue: YAMLValue?, endpointValue: YAMLValue?
        let bindText: String?, endpoint: String?
        let command: YAMLValue?
        let restartValue: YAMLValue?
        let restart: HostSpec.Restart
        let remote: RemoteFields
        let link: SharedLink?

        init(_ m: YAMLMapping) {
            name = m.required("name", "a host name")?.string()
            start = m.optional("start")?.oneOf(Vocabulary.hostStarts) ?? "local"
            bindValue = m.optional("bind")
            endpointValue = m.optional("endpoint")
            bindText = bindValue?.string()
            endpoint = endpointValue?.string()
            command = m.optional("command")
            restartValue = m.optional("restart")
            restart =
                restartValue?.oneOf(HostSpec.Restart.allCases.map(\.rawValue)).flatMap(HostSpec.Restart.init(rawValue:))
                ?? .never
            remote = RemoteFields(m)
            link = TopologyReader.readSharedLink(m.optional("link"))
            m.finish()
        }
    }

    /// One entry of `hosts`, checked (problems go to the entry's log); nil when it has no name.
    private static func readHost(_ item: YAMLValue, after earlier: [HostSpec]) -> HostSpec? {
        guard let m = item.mapping() else { return nil }
        let fields = HostFields(m)
        checkPorts(of: fields)
        fields.remote.refuseUnused(by: fields.start, at: item)
        guard let name = fields.name else { return nil }
        if earlier.contains(where: { $0.name == name }) {
            item.log.record(item.node, "\(item.path).name", "duplicate host name '\(name)'")
        }
        let bind = fields.bindText ?? defaultBind(start: fields.start, remote: fields.remote)
        checkSchemes(of: [bind] + (fields.endpoint.map { [$0] } ?? []), at: item)
        checkRestart(of: fields, at: item)
        if fields.command != nil, fields.start != "command" {
            item.log.record(fields.command?.node, "\(item.path).command", "a command is only used with start: command")
        }
        return makeHost(named: name, bind: bind, from: fields, at: item)
    }

    /// A bind or endpoint whose port cannot work (a dialled endpoint needs the node's real port).
    private static func checkPorts(of fields: HostFields) {
        let pairs = [(fields.bindValue, fields.bindText, true), (fields.endpointValue, fields.endpoint, false)]
        for (value, text, isBind) in pairs {
            guard let value, let text, let problem = EndpointPort.problem(in: text, bind: isBind) else { continue }
            value.log.record(
                value.node, value.path,
                isBind ? problem : "\(problem): the endpoint is dialled, so it needs the node's real port")
        }
    }

    /// Endpoints of a transport the mesh does not have.
    private static func checkSchemes(of endpoints: [String], at item: YAMLValue) {
        for e in endpoints where !(e.hasPrefix("tcp://") || e.hasPrefix("inproc://") || e.hasPrefix("ipc://")) {
            item.log.record(item.node, item.path, "expected endpoints like tcp://<address>:<port>, found '\(e)'")
        }
    }

    /// `restart` on a host whose node the launcher does not start.
    private static func checkRestart(of fields: HostFields, at item: YAMLValue) {
        guard fields.restart != .never, fields.start == "inprocess" || fields.start == "running" else { return }
        item.log.record(
            fields.restartValue?.node, "\(item.path).restart",
            """
            restart: \(fields.restart.rawValue) applies only to `local`, `command`, `ssh` and `slurm` hosts, whose \
            node the launcher starts; a `\(fields.start)` host's node is restarted by whoever runs it (and rejoins \
            when it answers again): remove restart
            """
        )
    }

    /// The host of `fields`' start kind, with that kind's own checks.
    private static func makeHost(named name: String, bind: String, from f: HostFields, at item: YAMLValue) -> HostSpec {
        switch f.start {
        case "command":
            let words = f.command?.sequence()?.compactMap { $0.string() } ?? []
            if words.isEmpty {
                item.log.record(
                    item.node, "\(item.path).command",
                    "missing: expected the command that starts the node, as a list of words"
                )
            }
            for problem in EndpointPort.problems(inCommand: words) {
                item.log.record(f.command?.node, "\(item.path).command", problem)
            }
            return HostSpec(
                name: name, start: .command(words), bind: bind, endpoint: f.endpoint, restart: f.restart, link: f.link)
        case "inprocess":
            return HostSpec(name: name, start: .inProcess, bind: "inproc://\(name)", endpoint: nil, link: f.link)
        case "running":
            if f.endpoint == nil {
                item.log.record(
                    item.node, "\(item.path).endpoint", "missing: expected the endpoint of the running node")
            }
            return HostSpec(name: name, start: .running, bind: bind, endpoint: f.endpoint, link: f.link)
        case "ssh":
            // A target that did not read is recorded; the host stays, so its clients do not read as lost too.
            let target = f.remote.sshTarget(at: item) ?? SSHTarget(address: "")
            if f.bindText == nil, !target.address.isEmpty, !target.machineIsAddress {
                item.log.record(
                    item.node, "\(item.path).bind",
                    """
                    missing: \(target.machine) is a name, and a node binds an address: give bind: tcp://<an \
                    address of \(target.machine)>:<port> (port 0: any free port)
                    """
                )
            }
            return HostSpec(
                name: name, start: .ssh(target), bind: bind, endpoint: f.endpoint, restart: f.restart, link: f.link)
        case "slurm":
            return HostSpec(
                name: name, start: .slurm(f.remote.slurmPlacement()), bind: bind, endpoint: f.endpoint,
                restart: f.restart, link: f.link)
        default:
            return HostSpec(
                name: name, start: .local, bind: bind, endpoint: f.endpoint, restart: f.restart, link: f.link)
        }
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
