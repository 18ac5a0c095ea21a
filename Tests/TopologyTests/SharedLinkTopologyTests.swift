import Federation
import Testing
@testable import Topology

/// `server.link`, `hosts[].link`, `link.loss` and `timing.network` read from a topology, and the tc
/// commands made for netns hosts.
@Suite struct SharedLinkTopologyTests {
    static let twoSites = """
        name: sites
        seed: 5
        hosts:
          - {name: a, start: command, command: [ip, netns, exec, fa-h1, fedactors, node, --bind, "tcp://10.77.0.1:7101"], endpoint: "tcp://10.77.0.1:7101",
             link: {up_mbps: 8, down_mbps: 40, latency_ms: 10}}
          - {name: b, start: command, command: [ip, netns, exec, fa-h2, fedactors, node, --bind, "tcp://10.77.0.2:7102"], endpoint: "tcp://10.77.0.2:7102",
             link: {up_mbps: 4, loss: 0.01}}
          - {name: c, start: command, command: [ip, netns, exec, fa-h3, fedactors, node, --bind, "tcp://10.77.0.3:7103"], endpoint: "tcp://10.77.0.3:7103"}
        server: {bind: "tcp://10.77.0.254:0", link: {down_mbps: 20, up_mbps: 30}}
        clients:
          - {group: g, count: 4, hosts: [a, b], link: {down_mbps: 100, up_mbps: 50, latency_ms: 5, loss: 0.001}}
          - {group: solo, count: 1, host: c, link: {down_mbps: 12, up_mbps: 3, latency_ms: 0}}
        data: {dataset: fashion-mnist}
        model: 2nn
        strategy: fedavg
        timing: {mode: real, scale: 1, network: physical}
        """

    @Test func linksAreReadWhereTheyAre() throws {
        let spec = try TopologyReader.parse(Self.twoSites)
        #expect(spec.serverLink == SharedLink(downBytesPerSecond: 2_500_000, upBytesPerSecond: 3_750_000))
        #expect(
            spec.hosts[0].link
                == SharedLink(downBytesPerSecond: 5_000_000, upBytesPerSecond: 1_000_000, latencySeconds: 0.01))
        #expect(spec.hosts[1].link == SharedLink(upBytesPerSecond: 500_000, lossRate: 0.01))
        #expect(spec.hosts[2].link == nil)
        #expect(spec.clientGroups[0].lossRate == 0.001)
        #expect(spec.pacesNetwork == false)
        let plan = try RunPlan(spec)
        #expect(plan.profiles[0]?.link.lossRate == 0.001)
        let network = try plan.serverConfig.network
        #expect(network.server == spec.serverLink)
        #expect(network.sites.keys.sorted() == ["a", "b"])
        // Clients on a host without a link cross no site link.
        #expect(network.clientSites == [0: "a", 1: "b", 2: "a", 3: "b"])
        #expect(try plan.serverConfig.pacesNetwork == false)
    }

    @Test func aTopologyWithoutSharedLinksHasAnEmptyNetworkAndTheSameFingerprint() throws {
        let text =
            "name: old\nclients: [{group: g, count: 3}]\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: fedavg\n"
        let spec = try TopologyReader.parse(text)
        #expect(try RunPlan(spec).serverConfig.network == NetworkModel())
        #expect(spec.runFingerprint.settings.allSatisfy { !$0.name.contains("link.loss") && $0.name != "server.link" })
    }

    @Test func badLinksAreRefusedWhereTheyAreWritten() throws {
        let text = """
            name: bad
            hosts: [{name: a, link: {up_mbps: -1, upp_mbps: 3}}]
            server: {link: {loss: 0.9}}
            clients: [{group: g, count: 1, link: {loss: 2}}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            timing: {mode: virtual, network: physical}
            """
        let error = try #require(throws: TopologyError.self) { try TopologyReader.parse(text) }
        let fields = error.issues.map(\.field)
        #expect(fields.contains("hosts[0].link.up_mbps"))
        #expect(fields.contains("hosts[0].link.upp_mbps"))
        #expect(fields.contains("server.link.loss"))
        #expect(fields.contains("clients[0].link.loss"))
        #expect(fields.contains("timing.network"))
        #expect(
            error.issues.first { $0.field == "hosts[0].link.upp_mbps" }?.message.contains("did you mean 'up_mbps'")
                == true)
        #expect(error.issues.first { $0.field == "server.link.loss" }?.line == 3)
    }

    /// Golden: the commands for two sites, a one-client host and a server link, without netem (this
    /// kernel's case) and with it.
    @Test func tcCommandsForATopology() throws {
        let plan = try RunPlan(try TopologyReader.parse(Self.twoSites))
        let without = try LinkEmulation(plan: plan, netem: false)
        #expect(
            without.script == """
                ip netns exec fa-h1 tc qdisc replace dev eth0 root handle 1: htb default 1
                ip netns exec fa-h1 tc class replace dev eth0 parent 1: classid 1:1 htb rate 8000000bit ceil 8000000bit
                tc qdisc replace dev fa-v1 root handle 1: htb default 1
                tc class replace dev fa-v1 parent 1: classid 1:1 htb rate 40000000bit ceil 40000000bit
                ip netns exec fa-h2 tc qdisc replace dev eth0 root handle 1: htb default 1
                ip netns exec fa-h2 tc class replace dev eth0 parent 1: classid 1:1 htb rate 4000000bit ceil 4000000bit
                nft add table bridge fedactors_fa-h2
                nft add chain bridge fedactors_fa-h2 sent '{ type filter hook prerouting priority 0; policy accept; }'
                nft add rule bridge fedactors_fa-h2 sent iifname fa-v2 meta protocol '{ ip, ip6 }' numgen random mod 1000000 lt 10000 drop
                nft add chain bridge fedactors_fa-h2 received '{ type filter hook postrouting priority 0; policy accept; }'
                nft add rule bridge fedactors_fa-h2 received oifname fa-v2 meta protocol '{ ip, ip6 }' numgen random mod 1000000 lt 10000 drop
                ip netns exec fa-h3 tc qdisc replace dev eth0 root handle 1: htb default 1
                ip netns exec fa-h3 tc class replace dev eth0 parent 1: classid 1:1 htb rate 3000000bit ceil 3000000bit
                tc qdisc replace dev fa-v3 root handle 1: htb default 1
                tc class replace dev fa-v3 parent 1: classid 1:1 htb rate 12000000bit ceil 12000000bit
                tc qdisc replace dev fa-br0 root handle 1: htb default 1
                tc class replace dev fa-br0 parent 1: classid 1:1 htb rate 20000000bit ceil 20000000bit
                ip link add fa-ifb0 type ifb
                ip link set fa-ifb0 up
                tc qdisc replace dev fa-br0 handle ffff: ingress
                tc filter replace dev fa-br0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev fa-ifb0
                tc qdisc replace dev fa-ifb0 root handle 1: htb default 1
                tc class replace dev fa-ifb0 parent 1: classid 1:1 htb rate 30000000bit ceil 30000000bit
                """)
        // Two hosts hold two clients each; host a's latency is not applied, either way (its loss, 0, needs nothing).
        #expect(without.notes.count == 4)
        #expect(without.notes.contains { $0.contains("host a holds 2 clients") })
        #expect(
            without.notes.contains {
                $0.contains("no tc netem") && $0.contains("host a's up link's latency (10 ms) is not applied")
            })
        #expect(!without.notes.contains { $0.contains("host b") && $0.contains("no tc netem") })
        let with = try LinkEmulation(plan: plan, netem: true)
        #expect(with.notes.count == 2)
        #expect(!with.commands.contains { $0.contains("nft") })
        #expect(
            with.commands.contains([
                "ip", "netns", "exec", "fa-h1", "tc", "qdisc", "replace", "dev", "eth0", "parent", "1:1", "handle",
                "10:", "netem", "delay", "10ms",
            ]))
        #expect(
            with.commands.contains([
                "tc", "qdisc", "replace", "dev", "fa-v2", "root", "handle", "1:", "netem", "delay", "0ms", "loss", "1%",
            ]))
        #expect(
            with.commands.contains([
                "ip", "netns", "exec", "fa-h2", "tc", "qdisc", "replace", "dev", "eth0", "parent", "1:1", "handle",
                "10:", "netem", "delay", "0ms", "loss", "1%",
            ]))
        let clearing = LinkEmulation.clearing(plan: plan)
        #expect(clearing.contains(["nft", "delete", "table", "bridge", "fedactors_fa-h2"]))
        #expect(
            clearing.suffix(2) == [
                ["ip", "link", "del", "fa-ifb0"], ["nft", "delete", "table", "bridge", "fedactors_fa-br0"],
            ])
    }

    /// Golden: without netem, a server link's loss is a table in the root namespace dropping what the
    /// server sends through the set's bridge ports and what it takes in from them (no IFB device
    /// needed), and its latency is said not to be applied.
    @Test func nftCommandsForAServerLinksLoss() throws {
        let text = """
            name: lossy
            hosts:
              - {name: a, start: command, command: [ip, netns, exec, xy-h1, fedactors, node, --bind, "tcp://10.9.0.1:7101"], endpoint: "tcp://10.9.0.1:7101"}
            server: {bind: "tcp://10.9.0.254:0", link: {loss: 0.25, latency_ms: 3}}
            clients: [{group: g, count: 2, host: a}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        let plan = try RunPlan(try TopologyReader.parse(text))
        let emulation = try LinkEmulation(plan: plan, netem: false)
        #expect(
            emulation.script == """
                nft add table bridge fedactors_xy-br0
                nft add chain bridge fedactors_xy-br0 sent '{ type filter hook output priority 0; policy accept; }'
                nft add rule bridge fedactors_xy-br0 sent oifname '{ xy-v1 }' meta protocol '{ ip, ip6 }' numgen random mod 1000000 lt 250000 drop
                nft add chain bridge fedactors_xy-br0 received '{ type filter hook input priority 0; policy accept; }'
                nft add rule bridge fedactors_xy-br0 received iifname '{ xy-v1 }' meta protocol '{ ip, ip6 }' numgen random mod 1000000 lt 250000 drop
                """)
        #expect(emulation.notes.count == 2 && emulation.notes.first?.contains("host a holds 2 clients") == true)
        #expect(
            emulation.notes.last
                == "this kernel has no tc netem (sch_netem): the server's down link's latency (3 ms) is not applied (nothing else adds latency); its loss is, with nftables"
        )
        #expect(LinkEmulation.lossThreshold(0.0000001) == 1)
        let netem = try LinkEmulation(plan: plan, netem: true)
        #expect(
            netem.commands.first == [
                "tc", "qdisc", "replace", "dev", "xy-br0", "root", "handle", "1:", "netem", "delay", "3ms", "loss",
                "25%",
            ])
    }

    @Test func netnsHostsAreKnownByTheirCommand() {
        func host(_ words: [String]) -> HostSpec {
            HostSpec(name: "h", start: .command(words), bind: "tcp://10.77.0.1:7101", endpoint: nil)
        }
        let found = NetnsHost(host(["/usr/sbin/ip", "netns", "exec", "ab-h12", "fedactors", "node"]))
        #expect(found?.namespace == "ab-h12" && found?.prefix == "ab-" && found?.index == 12)
        #expect(found?.bridgePort == "ab-v12" && found?.bridge == "ab-br0" && found?.serverIngressDevice == "ab-ifb0")
        #expect(NetnsHost(host(["skip", "netns", "exec", "fa-h1"])) == nil)
        #expect(NetnsHost(host(["ip", "netns", "exec", "my-host"])) == nil)
        #expect(NetnsHost(host(["ssh", "fa-h1", "fedactors", "node"])) == nil)
        #expect(NetnsHost(HostSpec(name: "l", start: .local, bind: "tcp://127.0.0.1:0", endpoint: nil)) == nil)
    }

    @Test func aServerLinkNeedsNetnsHosts() throws {
        let text =
            """
            name: s\nhosts: [{name: a}]\nserver: {link: {down_mbps: 10}}\nclients: [{group: g, count: 2}]\ndata: \
            {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: fedavg\n
            """
        let plan = try RunPlan(try TopologyReader.parse(text))
        #expect(throws: FederationError.self) { try LinkEmulation(plan: plan, netem: false) }
    }
}
