/// A host made by `scripts/netns-hosts`, recognised in a topology by its command
/// (`[ip, netns, exec, <prefix>h<i>, …]`): its namespace, and the interfaces the script gave it —
/// `eth0` inside, the veth `<prefix>v<i>` on the bridge `<prefix>br0` in the root namespace.
package struct NetnsHost: Sendable, Equatable {
    /// The namespace, e.g. `fa-h2`.
    package var namespace: String
    /// The set's prefix, e.g. `fa-`.
    package var prefix: String
    /// The host's number in its set.
    package var index: Int

    /// The host `host` runs on, when its command starts the node with `ip netns exec` in a
    /// namespace named as `scripts/netns-hosts` names them; nil otherwise.
    package init?(_ host: HostSpec) {
        guard case .command(let words) = host.start, words.count >= 4, words[0] == "ip" || words[0].hasSuffix("/ip"),
            words[1] == "netns", words[2] == "exec"
        else { return nil }
        let name = words[3]
        // <prefix>h<digits>, the prefix a lowercase letter then up to 5 of [a-z0-9-] (the script's rule).
        guard let h = name.lastIndex(of: "h"), let index = Int(name[name.index(after: h)...]), index > 0 else {
            return nil
        }
        let prefix = String(name[..<h])
        guard let first = prefix.first, first.isLowercase, first.isASCII, prefix.count <= 6,
            prefix.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" })
        else { return nil }
        self.namespace = name
        self.prefix = prefix
        self.index = index
    }

    /// The host's side of its veth pair, inside the namespace: its outgoing (upload) direction.
    package var insideDevice: String { "eth0" }
    /// The bridge port of its veth pair in the root namespace: what is sent to the host leaves through it.
    package var bridgePort: String { "\(prefix)v\(index)" }
    /// The set's bridge, where the server's address is.
    package var bridge: String { "\(prefix)br0" }
    /// The IFB device that carries the bridge's incoming traffic, to shape what reaches the server.
    package var serverIngressDevice: String { "\(prefix)ifb0" }
}
