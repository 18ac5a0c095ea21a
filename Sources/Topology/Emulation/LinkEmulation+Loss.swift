/// Packet loss without netem: nftables rules that drop a link's share of packets at random, for
/// kernels that have no `sch_netem` (this machine's case). The rules live in the root namespace, in
/// the `bridge` family (frames crossing the set's bridge), each link in a table of its own named
/// after its host or set, so clearing deletes exactly that table:
///
/// - a host's link: the table `fedactors_<namespace>`, dropping frames that arrive from the host's
///   bridge port `<prefix>v<i>` (prerouting: what it sends) and that leave through it (postrouting:
///   what it receives), whether they come from the server or from another host;
/// - the server's link: the table `fedactors_<prefix>br0`, dropping what the root namespace sends
///   through the ports of the topology's hosts (output) and what it takes in from them (input); frames the bridge
///   forwards between two hosts cross neither hook, as they cross neither of the server's tc devices.
///
/// The drops happen on the way, after the sender's stack has let the packet go, so the sender sees
/// a loss as on a wire (TCP retransmits and halves its window); a rule on the sender's own output
/// would instead fail its send, which TCP takes as a reason to wait, not as a loss. A rule is
/// `meta protocol { ip, ip6 } numgen random mod 1000000 lt N drop`: each IPv4 or IPv6 packet
/// (never ARP, so addresses still resolve) is dropped with probability N / 10⁶, the loss rounded
/// to parts per million (at least 1 when the loss is above 0).
extension LinkEmulation {
    /// The name of the nftables table that drops packets for a link of `owner` (a namespace, or a
    /// set's bridge).
    static func lossTable(_ owner: String) -> String { "fedactors_\(owner)" }

    /// Parts per million of `rate` (a share, 0..<1), the threshold of a rule.
    static func lossThreshold(_ rate: Double) -> Int { max(1, Int((rate * 1_000_000).rounded())) }

    /// The commands that make `table` and drop `rate` of the packets in the two directions: each a
    /// chain name, the bridge hook, and the match that picks the frames.
    static func lossRules(
        table: String, rate: Double, sent: (hook: String, match: [String]), received: (hook: String, match: [String])
    ) -> [[String]] {
        let threshold = String(lossThreshold(rate))
        var out = [["nft", "add", "table", "bridge", table]]
        for (chain, hook, match) in [("sent", sent.hook, sent.match), ("received", received.hook, received.match)] {
            out.append([
                "nft", "add", "chain", "bridge", table, chain,
                "{ type filter hook \(hook) priority 0; policy accept; }",
            ])
            out.append(
                ["nft", "add", "rule", "bridge", table, chain] + match
                    + [
                        "meta", "protocol", "{ ip, ip6 }", "numgen", "random", "mod", "1000000", "lt", threshold,
                        "drop",
                    ])
        }
        return out
    }

    /// The rules for the link of `host`, which sends through its bridge port and receives through it.
    static func lossRules(host: NetnsHost, rate: Double) -> [[String]] {
        lossRules(
            table: lossTable(host.namespace), rate: rate,
            sent: ("prerouting", ["iifname", host.bridgePort]), received: ("postrouting", ["oifname", host.bridgePort]))
    }

    /// The rules for the server's link on `bridge`: what the root namespace sends through `hosts`'
    /// bridge ports (the topology's hosts of that set, named exactly: another set's ports are never
    /// matched), and what it receives from them.
    static func lossRules(server bridge: String, hosts: [NetnsHost], rate: Double) -> [[String]] {
        let ports = "{ " + hosts.map(\.bridgePort).joined(separator: ", ") + " }"
        return lossRules(
            table: lossTable(bridge), rate: rate,
            sent: ("output", ["oifname", ports]), received: ("input", ["iifname", ports]))
    }

    /// The command that removes `table` (it fails harmlessly when the table was never made).
    static func clearingLoss(table: String) -> [String] {
        ["nft", "delete", "table", "bridge", table]
    }
}
