/// Where and how an `ssh` host's node is started: `fedactors node` run on `address` through the
/// system's `ssh` client (its own configuration, `~/.ssh/config`, still applies).
package struct SSHTarget: Sendable, Equatable {
    /// `user@host` or `host` (the user then comes from ssh's configuration).
    package var address: String
    /// The port sshd listens on there; nil: ssh's own default (its configuration, else 22).
    package var port: Int?
    /// The private key file to log in with (`ssh -i`, with `IdentitiesOnly=yes`); nil: ssh's own keys.
    package var identity: String?
    /// The directory the node runs in there; nil: the login directory.
    package var workdir: String?
    /// The path of the fedactors executable there; the default runs `fedactors` from the remote PATH.
    package var fedactors: String
    /// A known-hosts file holding the host's key (`UserKnownHostsFile`); nil: ssh's own files.
    package var knownHosts: String?

    package init(
        address: String, port: Int? = nil, identity: String? = nil, workdir: String? = nil,
        fedactors: String = "fedactors", knownHosts: String? = nil
    ) {
        self.address = address
        self.port = port
        self.identity = identity
        self.workdir = workdir
        self.fedactors = fedactors
        self.knownHosts = knownHosts
    }

    /// The machine's name or address: `address` without its `user@`.
    package var machine: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[address.index(after: at)...])
    }

    /// Whether ``machine`` is an IPv4 or bracketless IPv6 literal (which a node can bind), not a name.
    package var machineIsAddress: Bool {
        let parts = machine.split(separator: ".", omittingEmptySubsequences: false)
        let ipv4 = parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
        return ipv4 || machine.contains(":")
    }
}
