import Foundation

/// The fields of `ssh` and `slurm` hosts, read for every host so that one given to another kind of
/// host is refused at its line rather than ignored.
struct RemoteFields {
    let address, port, identity, workdir, fedactors, knownHosts: YAMLValue?
    let partition, nodelist, time, srunArguments: YAMLValue?

    init(_ m: YAMLMapping) {
        address = m.optional("address")
        port = m.optional("port")
        identity = m.optional("identity")
        workdir = m.optional("workdir")
        fedactors = m.optional("fedactors")
        knownHosts = m.optional("known_hosts")
        partition = m.optional("partition")
        nodelist = m.optional("nodelist")
        time = m.optional("time")
        srunArguments = m.optional("srun_args")
    }

    /// Records each field given to a host whose `start` does not use it.
    func refuseUnused(by start: String, at item: YAMLValue) {
        let ssh: [(String, YAMLValue?)] = [
            ("address", address), ("port", port), ("identity", identity), ("known_hosts", knownHosts),
        ]
        let slurm: [(String, YAMLValue?)] = [
            ("partition", partition), ("nodelist", nodelist), ("time", time), ("srun_args", srunArguments),
        ]
        let both: [(String, YAMLValue?)] = [("workdir", workdir), ("fedactors", fedactors)]
        let unused = start == "ssh" ? slurm : start == "slurm" ? ssh : ssh + slurm + both
        for case let (key, value?) in unused {
            let users =
                both.contains { $0.0 == key }
                ? "start: ssh and start: slurm" : ssh.contains { $0.0 == key } ? "start: ssh" : "start: slurm"
            value.log.record(
                value.node, value.path,
                "\(key) is only used with \(users), and this host has start: \(start): remove it or change start")
        }
    }

    /// The ssh target, or nil (with the problems recorded) when `address` is missing or unusable.
    func sshTarget(at item: YAMLValue) -> SSHTarget? {
        guard let address else {
            item.log.record(
                item.node, "\(item.path).address",
                "missing: expected the machine to log in to, user@host (ssh's own syntax)")
            return nil
        }
        guard let text = address.string() else { return nil }
        let machine = SSHTarget(address: text).machine
        // A leading '-' would be read by ssh as an option; a space or quote is no host of ssh's.
        if text.hasPrefix("-") || machine.isEmpty
            || text.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" })
        {
            address.log.record(
                address.node, address.path,
                "expected user@host or host (no spaces, not starting with '-'), found '\(text)'")
            return nil
        }
        var target = SSHTarget(address: text)
        target.port = port?.int(1...65535)
        target.identity = identity.flatMap { value in
            existingFile(value, what: "the private key file ssh logs in with (ssh -i)")
        }
        target.knownHosts = knownHosts.flatMap { value in
            existingFile(value, what: "a known-hosts file with the host's key")
        }
        target.workdir = workdir?.string()
        if let path = fedactors?.string() { target.fedactors = path }
        return target
    }

    /// The slurm placement (its fields' problems recorded).
    func slurmPlacement() -> SlurmPlacement {
        var placement = SlurmPlacement()
        placement.partition = partition?.string()
        placement.nodelist = nodelist?.string()
        placement.time = time.flatMap(Self.slurmTime)
        placement.workdir = workdir?.string()
        placement.fedactors = fedactors?.string()
        let words = srunArguments?.sequence()?.compactMap { $0.string() } ?? []
        for (i, word) in words.enumerated()
        where word.hasPrefix("--export") || word == "-n" || word.hasPrefix("--ntasks") {
            let value = srunArguments?.sequence()?[i]
            value?.log.record(
                value?.node, value?.path ?? "srun_args",
                """
                \(word): the launcher sets it (one task per host; --export=ALL carries the run token to the node): \
                remove it
                """
            )
        }
        placement.srunArguments = words
        return placement
    }

    /// A Slurm time limit: minutes, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S` (srun --time).
    private static func slurmTime(_ value: YAMLValue) -> String? {
        guard let text = value.string() else { return nil }
        let pattern = #"^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else {
            value.log.record(
                value.node, value.path,
                "expected a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), found '\(text)'")
            return nil
        }
        return text
    }

    /// A path that names a file on this machine, or nil (recorded) when none is there.
    private func existingFile(_ value: YAMLValue, what: String) -> String? {
        guard let path = value.string() else { return nil }
        let expanded = NSString(string: path).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: expanded) else {
            value.log.record(value.node, value.path, "expected \(what), found '\(path)', which is not a file here")
            return nil
        }
        return expanded
    }
}
