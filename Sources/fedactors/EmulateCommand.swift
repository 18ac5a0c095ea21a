import ArgumentParser
import Foundation
import Topology

/// `fedactors emulate`: the tc (and nft) commands that apply a topology's links to its netns hosts.
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Print (or apply) the tc and nft commands that give a topology's netns hosts its links.",
        discussion: """
            For topologies whose hosts are network namespaces made by `scripts/netns-hosts up` (their \
            command starts with `ip netns exec <prefix>h<N>`). Applies each host's link (and, for a host \
            with a single client, that client's last mile) with HTB on the host's veth, and the server's \
            link on the hosts' bridge (an IFB device for what reaches the server). Latency and loss use \
            tc netem when the kernel has it; without it, loss is applied with nftables drop rules (a \
            table per lossy link, `fedactors_<prefix>h<N>` or `fedactors_<prefix>br0`, in the root \
            namespace's bridge family) and latency is left out, with a note. --clear removes both. \
            Without --apply or --clear it prints the commands and applies nothing (with --netem auto it \
            probes for netem by adding and removing a qdisc on one host's loopback). Applying needs root.
            """)

    @Argument(help: "The topology file.")
    var topology: String

    @Flag(help: "Run the commands (after removing what an earlier apply left).")
    var apply = false

    @Flag(
        help:
            """
            Remove the shaping (tc) and the loss tables (nftables) from the topology's hosts and bridge, and apply \
            nothing.
            """
    )
    var clear = false

    @Option(help: "Whether to use netem for latency and loss: auto (probe this kernel, needs the hosts up), yes, no.")
    var netem: NetemChoice = .auto

    enum NetemChoice: String, ExpressibleByArgument, CaseIterable { case auto, yes, no }

    func validate() throws {
        if apply && clear { throw ValidationError("--apply and --clear go alone: choose one") }
    }

    func run() throws {
        let plan: RunPlan
        do {
            plan = try RunPlan(try TopologyReader.load(path: topology))
        } catch let error as TopologyError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let clearing = LinkEmulation.clearing(plan: plan)
        if clear {
            LinkEmulation.clear(clearing)
            print("removed the shaping of \(topology)'s netns hosts")
            return
        }
        let probe = plan.spec.hosts.lazy.compactMap(NetnsHost.init).first?.namespace
        let hasNetem: Bool
        switch netem {
        case .yes: hasNetem = true
        case .no: hasNetem = false
        case .auto: hasNetem = probe.map(LinkEmulation.kernelHasNetem(probeNamespace:)) ?? false
        }
        let emulation = try LinkEmulation(plan: plan, netem: hasNetem)
        for note in emulation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        guard apply else {
            print(emulation.script)
            return
        }
        LinkEmulation.clear(clearing)
        do {
            try emulation.apply()
        } catch {
            throw CommandFailure(error.message)
        }
        print(
            """
            applied \(emulation.commands.count) tc command\(emulation.commands.count == 1 ? "" : "s") to \
            \(topology)'s netns hosts
            """
        )
    }
}
