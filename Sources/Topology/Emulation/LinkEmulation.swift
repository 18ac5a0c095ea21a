import Federation
import Foundation

/// The `tc` commands that apply a topology's links to hosts made by `scripts/netns-hosts`, so that a
/// real-time run crosses links as fast as its virtual clock assumes. Pure: made from a ``RunPlan``;
/// ``LinkEmulation/apply(_:)`` runs them.
///
/// - A host's link (`hosts[].link`) shapes the host: `up` on its `eth0` inside the namespace (all
///   it sends), `down` on its bridge port in the root namespace (all it receives). A host that holds
///   exactly one client gets that client's last mile too (the narrower of the two rates): to emulate
///   last miles, give each client its own namespace host (a node process, about 50 MB, each).
///   Clients sharing a host share its emulated link; their own last miles are not emulated.
/// - The server's link (`server.link`) shapes the bridge in the root namespace, where the server
///   listens: `down` on the bridge's egress (what the server sends), `up` on an IFB device that the
///   bridge's ingress is redirected to (what reaches the server).
/// - Rates use HTB (one class at the rate, ceil the rate). Latency and loss use netem when the kernel
///   has it. Without netem, loss is applied with nftables instead (see `LinkEmulation+Loss.swift`)
///   and latency is left out, ``notes`` saying so (nothing else adds latency).
package struct LinkEmulation: Sendable, Equatable {
    /// The commands, in order, each a list of words (`ip netns exec …` for what runs in a namespace).
    package var commands: [[String]]
    /// What is not applied, and why.
    package var notes: [String]

    /// The commands for `plan`: with netem for latency and loss when `netem` (the kernel has it),
    /// else with nftables rules for loss.
    package init(plan: RunPlan, netem: Bool) throws(FederationError) {
        commands = []
        notes = []
        var prefixes = Set<String>()
        for host in plan.spec.hosts {
            if let prefix = shapeHostLink(host, of: plan, netem: netem) { prefixes.insert(prefix) }
        }
        guard let server = plan.spec.serverLink else { return }
        try shapeServerLink(server, of: plan, prefixes: prefixes, netem: netem)
    }

    /// Shapes `host`'s link (with its one client's last mile), or says why it cannot; returns the
    /// netns set the host belongs to (nil: no netns host).
    private mutating func shapeHostLink(_ host: HostSpec, of plan: RunPlan, netem: Bool) -> String? {
        let clients = plan.clientsByHost[host.name] ?? []
        guard let netns = NetnsHost(host) else {
            if host.link != nil {
                notes.append(
                    """
                    host \(host.name) is not a netns host (its command does not start with `ip netns exec \
                    <prefix>h<N>`): its link is modelled in virtual time only
                    """
                )
            }
            return nil
        }
        var link = host.link
        if clients.count == 1, let id = clients.first, let own = plan.profiles[id]?.link {
            link = Self.narrower(host.link, own)
        } else if clients.count > 1 {
            notes.append(
                """
                host \(host.name) holds \(clients.count) clients: they share its emulated link, and their own \
                last miles are not emulated (give each client its own host to emulate them)
                """
            )
        }
        guard let link else { return netns.prefix }
        let inside = ["ip", "netns", "exec", netns.namespace]
        commands += shape(
            netns.insideDevice, rate: link.upBytesPerSecond, link: link, run: inside, netem: netem,
            what: "host \(host.name)'s up link")
        commands += shape(
            netns.bridgePort, rate: link.downBytesPerSecond, link: link, run: [], netem: netem,
            what: "host \(host.name)'s down link")
        if !netem, link.lossRate > 0 {
            commands += Self.lossRules(host: netns, rate: link.lossRate)
        }
        return netns.prefix
    }

    /// Shapes the server's link on the bridge of the hosts' one netns set (`prefixes`); throws when
    /// there is no such set or several.
    private mutating func shapeServerLink(
        _ server: SharedLink, of plan: RunPlan, prefixes: Set<String>, netem: Bool
    ) throws(FederationError) {
        guard prefixes.count == 1, let prefix = prefixes.first,
            let any = plan.spec.hosts.lazy.compactMap(NetnsHost.init).first(where: { $0.prefix == prefix })
        else {
            throw FederationError(
                .invalidSetting,
                prefixes.isEmpty
                    ? """
                    server.link can be emulated only when the hosts are netns hosts (`ip netns exec <prefix>h<N> …`): \
                    none of this topology's hosts is one
                    """
                    : """
                    the hosts belong to several netns sets (\(prefixes.sorted().joined(separator: ", "))): the \
                    server's link can be emulated on one set's bridge only
                    """
            )
        }
        commands += shape(
            any.bridge, rate: server.downBytesPerSecond, link: server, run: [], netem: netem,
            what: "the server's down link")
        if server.upBytesPerSecond != nil || (netem && (server.latencySeconds > 0 || server.lossRate > 0)) {
            commands += [
                ["ip", "link", "add", any.serverIngressDevice, "type", "ifb"],
                ["ip", "link", "set", any.serverIngressDevice, "up"],
                ["tc", "qdisc", "replace", "dev", any.bridge, "handle", "ffff:", "ingress"],
                [
                    "tc", "filter", "replace", "dev", any.bridge, "parent", "ffff:", "protocol", "all", "u32", "match",
                    "u32", "0", "0",
                    "action", "mirred", "egress", "redirect", "dev", any.serverIngressDevice,
                ],
            ]
            commands += shape(
                any.serverIngressDevice, rate: server.upBytesPerSecond, link: server, run: [], netem: netem,
                what: "the server's up link")
        }
        if !netem, server.lossRate > 0 {
            let set = plan.spec.hosts.compactMap(NetnsHost.init).filter { $0.prefix == prefix }
            commands += Self.lossRules(server: any.bridge, hosts: set, rate: server.lossRate)
        }
    }

    /// The commands that remove what ``init(plan:netem:)`` applied (each may fail harmlessly when it
    /// was never applied).
    package static func clearing(plan: RunPlan) -> [[String]] {
        var out: [[String]] = []
        var bridges: [String: String] = [:]
        for netns in plan.spec.hosts.compactMap(NetnsHost.init) {
            out.append([
                "ip", "netns", "exec", netns.namespace, "tc", "qdisc", "del", "dev", netns.insideDevice, "root",
            ])
            out.append(["tc", "qdisc", "del", "dev", netns.bridgePort, "root"])
            out.append(clearingLoss(table: lossTable(netns.namespace)))
            bridges[netns.bridge] = netns.serverIngressDevice
        }
        for (bridge, ifb) in bridges.sorted(by: { $0.key < $1.key }) {
            out += [
                ["tc", "qdisc", "del", "dev", bridge, "root"], ["tc", "qdisc", "del", "dev", bridge, "ingress"],
                ["ip", "link", "del", ifb],
                clearingLoss(table: lossTable(bridge)),
            ]
        }
        return out
    }

    /// The commands as shell lines (a word with characters a shell would read, such as an nft chain's
    /// `{ …; … }`, in single quotes).
    package var script: String {
        commands.map { $0.map(SSHCommand.shown).joined(separator: " ") }.joined(separator: "\n")
    }

    /// The two links one after the other: the narrower rate each way, latencies added, losses compounded.
    static func narrower(_ shared: SharedLink?, _ own: LinkProfile) -> SharedLink {
        let s = shared ?? SharedLink()
        return SharedLink(
            downBytesPerSecond: min(s.downBytesPerSecond ?? .infinity, own.downBytesPerSecond),
            upBytesPerSecond: min(s.upBytesPerSecond ?? .infinity, own.upBytesPerSecond),
            latencySeconds: s.latencySeconds + own.latencySeconds,
            lossRate: LossLimit.pathLoss([s.lossRate, own.lossRate]))
    }

    /// The commands that shape `device`'s egress: HTB at `rate`, netem under it for latency and loss.
    private mutating func shape(
        _ device: String, rate: Double?, link: SharedLink, run prefix: [String], netem: Bool, what: String
    ) -> [[String]] {
        let wantsNetem = link.latencySeconds > 0 || link.lossRate > 0
        if link.latencySeconds > 0, !netem {
            notes.append(
                """
                this kernel has no tc netem (sch_netem): \(what)'s latency (\(Self.milliseconds(link.latencySeconds)) \
                ms) is not applied (nothing else adds \
                latency)\(rate == nil ? "" : "; its rate is")\(link.lossRate > 0 ? "; its loss is, with nftables" : "")
                """
            )
        }
        var out: [[String]] = []
        var netemParent = ["root", "handle", "1:"]
        if let rate {
            let bits = "\(Int((rate * 8).rounded()))bit"
            out.append(
                prefix + ["tc", "qdisc", "replace", "dev", device, "root", "handle", "1:", "htb", "default", "1"])
            out.append(
                prefix + [
                    "tc", "class", "replace", "dev", device, "parent", "1:", "classid", "1:1", "htb", "rate", bits,
                    "ceil", bits,
                ])
            netemParent = ["parent", "1:1", "handle", "10:"]
        }
        if wantsNetem, netem {
            var args =
                prefix + ["tc", "qdisc", "replace", "dev", device] + netemParent + [
                    "netem", "delay", "\(Self.milliseconds(link.latencySeconds))ms",
                ]
            if link.lossRate > 0 { args += ["loss", "\(Self.percent(link.lossRate))%"] }
            out.append(args)
        }
        return out
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%g", seconds * 1000) }
    static func percent(_ p: Double) -> String { String(format: "%g", p * 100) }
}
