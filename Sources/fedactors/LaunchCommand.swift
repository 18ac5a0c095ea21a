import ArgumentParser
import Foundation
import Topology

/// `fedactors launch`: a multi-host run. Each host's node starts with the topology's command (ssh,
/// `ip netns exec`, a container runtime...) or is dialled where it already runs; then the run proceeds
/// as with `run`.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract:
            """
            Run a multi-host topology: start every host's node (its command, over ssh, or as a Slurm job step), then \
            train and report.
            """,
        discussion: """
            Hosts with `start: command` are started by running their command, which must start \
            `fedactors node` and let it print its ready line (every word `fedactors` is replaced by \
            this executable's path, so a command run on another machine, through ssh, must give the \
            path fedactors has there); hosts with `start: running` are dialled at their endpoint. The FL \
            server runs in this process and listens on the topology's server.bind, which every host must \
            be able to reach; or, with `server: {host: NAME}`, on NAME's node, which must reach \
            server.bind (where this process follows the run) and which every client host must reach.

            Hosts with `start: ssh` run `fedactors node` on `address` (user@host) through the system \
            ssh client: ssh -T with BatchMode=yes (never a password prompt), StrictHostKeyChecking=yes \
            (an unknown or changed host key is refused: give `known_hosts` or connect once by hand), \
            ConnectTimeout=10 and ServerAliveInterval=5 (a dead connection ends the session in ~15 s), \
            and `port`, `identity` (ssh -i, IdentitiesOnly), `known_hosts`, `workdir` and `fedactors` (its \
            path there) from the topology. The node's output comes back with [HOST] before each line. The \
            node stops when the session ends, however it ends: its standard input is the session. \
            Hosts with `start: slurm` are placed as one srun job step each (`partition`, `nodelist`, \
            `time`, `workdir`, `fedactors`, `srun_args`).

            --dry-run prints the plan, then checks that every host with clients (and the server's) can be reached (ssh: \
            logs in and runs `true`; running: its endpoint accepts a TCP connection; slurm: sinfo \
            answers; command: cannot be checked without running it) and exits 1 naming those that \
            cannot; it starts nothing.

            The run's token (see `fedactors run --help`) reaches command hosts as FEDACTORS_RUN_TOKEN in \
            their environment, and as --run-token appended to a command that runs `fedactors node`; \
            ssh hosts on the session's standard input (read into FEDACTORS_RUN_TOKEN there, so it is on \
            no command line on either machine), slurm hosts in srun's environment (--export=ALL). \
            Start `running` nodes without --run-token: the run claims them and releases them at its end.

            Liveness, rejoin and interruption work as with `run` (see `fedactors run --help`): a \
            command, ssh or slurm host with `restart: on-failure` is started again the same way when its \
            process (the command, ssh, srun) exits; a `running` host restarted by whoever runs it rejoins when it answers again at its \
            endpoint. SIGINT/SIGTERM writes the report of the completed rounds and a checkpoint, and \
            prints the `fedactors launch … --resume` command to continue.

            --emulate-links gives netns hosts (made by `scripts/netns-hosts up`) the topology's links \
            for the length of the run: the commands `fedactors emulate TOPOLOGY` prints (tc HTB for \
            rates; netem for latency and loss when the kernel has it, else nftables for loss and no \
            latency, with a note) are applied before the nodes start and removed when the run ends, \
            whether it completes, fails or is interrupted by one SIGINT/SIGTERM (a second signal exits \
            at once and leaves them: `fedactors emulate TOPOLOGY --clear` removes them). It needs root \
            and at least one netns host, and refuses otherwise; with --dry-run it prints the commands.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions

    @Flag(
        help:
            """
            Print which node starts where, with which command, check that every host can be reached, and exit (1 when \
            one cannot).
            """
    )
    var dryRun = false

    @Flag(
        help:
            """
            Apply the topology's links to its netns hosts (tc, nftables) before the nodes start and remove them when \
            the run ends; needs root.
            """
    )
    var emulateLinks = false

    func run() async throws {
        try common.bootstrapLogging()
        let plan = try options.plan()
        let remote = plan.spec.hosts.filter {
            switch $0.start {
            case .command, .running, .ssh, .slurm: true
            case .local, .inProcess: false
            }
        }
        guard !remote.isEmpty else {
            throw CommandFailure(
                """
                \(options.topology) has no host with `start: command`, `running`, `ssh` or `slurm`: nothing to launch \
                on other hosts; use `fedactors run`
                """
            )
        }
        if dryRun {
            print(
                Self.describe(plan, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path))
            if emulateLinks { try Self.describeLinks(plan) }
            try await Self.checkReachable(plan)
            return
        }
        guard emulateLinks else {
            try await options.execute(plan, command: "launch")
            return
        }
        let links: EmulatedLinks
        do {
            links = try EmulatedLinks(plan: plan)
        } catch {
            throw CommandFailure(error.message)
        }
        for note in links.emulation.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        do {
            try await links.during {
                print(
                    """
                    emulating \(options.topology)'s links: \(links.emulation.commands.count) \
                    command\(links.emulation.commands.count == 1 ? "" : "s") applied (removed when the run ends)
                    """
                )
                try await options.execute(plan, command: "launch")
            }
        } catch let error as LinkEmulationError {
            throw CommandFailure(error.message)
        }
        print("removed the emulated links of \(options.topology)")
    }

    /// The link emulation --emulate-links would apply (no root needed to look), with its notes.
    static func describeLinks(_ plan: RunPlan) throws {
        let links: EmulatedLinks
        do {
            links = try EmulatedLinks(plan: plan, isRoot: true)
        } catch {
            throw CommandFailure(error.message)
        }
        print("links (--emulate-links applies these before the nodes start, and removes them at the end):")
        for line in links.emulation.script.split(separator: "\n") { print("  " + line) }
        for note in links.emulation.notes { print("  note: " + note) }
    }

    /// The launch plan, one line per host.
    static func describe(_ plan: RunPlan, executable: String) -> String {
        var lines = [
            plan.spec.serverHost.map {
                "\(plan.spec.name): server on host \($0)'s node, driven from this process on \(plan.spec.serverBind)"
            } ?? "\(plan.spec.name): server in this process on \(plan.spec.serverBind)"
        ]
        lines.append(
            "  a new run token per run: local nodes get --run-token, commands FEDACTORS_RUN_TOKEN (and --run-token appended when they run `fedactors node`), ssh nodes read it from the session's standard input, slurm nodes from srun's environment; running nodes are claimed by the run and released at its end"
        )
        if let security = plan.spec.security {
            lines.append(
                "  CurveZMQ with the mesh key \(security.curveMeshKey); local nodes are given it, ssh and slurm nodes are given that path there, command and running nodes must hold a copy (--curve-mesh-key)"
            )
        }
        // `, aggregator NAME` for each aggregator the host runs.
        func aggregates(_ host: String) -> String {
            plan.spec.aggregators.filter { $0.host == host }.map { ", aggregator \($0.name)" }.joined()
        }
        for host in plan.spec.hosts {
            let clients = plan.clientsByHost[host.name]?.count ?? 0
            let runsServer = host.name == plan.spec.serverHost
            let how: String
            switch host.start {
            case .command(let words):
                how = "runs: " + RunLauncher.resolve(words, executable: executable).joined(separator: " ")
            case .running: how = "already running at \(host.endpoint ?? host.bind)"
            case .local: how = "local child process on \(host.bind)"
            case .inProcess: how = "inside this process"
            case .ssh(let target):
                let command = SSHCommand(target: target, bind: host.bind, meshKey: plan.spec.security?.curveMeshKey)
                how =
                    "runs: ssh " + command.arguments.map(Self.shown).joined(separator: " ")
                    + " (the run token on its standard input)"
            case .slurm(let placement):
                let command = SrunCommand(
                    hostName: host.name, placement: placement, bind: host.bind, executable: executable,
                    meshKey: plan.spec.security?.curveMeshKey)
                how =
                    "runs: srun " + command.arguments.map(Self.shown).joined(separator: " ")
                    + " (the run token in its environment)"
            }
            let restart = host.restart == .onFailure ? "; restarted if it exits (restart: on-failure)" : ""
            lines.append(
                "  \(host.name): \(clients) clients\(aggregates(host.name))\(runsServer ? ", the FL server" : ""); \(!plan.startsNode(of: host.name) && !runsServer ? "not started (no clients); " : "")\(how)\(restart)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// A word of a command as a shell would need it to be typed (quoted when it holds anything but
    /// letters, digits and `-_./:=@,+%`).
    static func shown(_ word: String) -> String { SSHCommand.shown(word) }

    /// Checks every host that gets clients, all at once, and prints a line for each; throws, naming
    /// them, when any cannot be reached.
    static func checkReachable(_ plan: RunPlan) async throws {
        let hosts = plan.spec.hosts.filter { plan.startsNode(of: $0.name) || $0.name == plan.spec.serverHost }
        let meshKey = plan.spec.security?.curveMeshKey
        let verdicts = await withTaskGroup(of: HostReachability.self) { group in
            for host in hosts { group.addTask { await HostReachability.check(host, meshKey: meshKey) } }
            var found: [String: HostReachability] = [:]
            for await verdict in group { found[verdict.host] = verdict }
            return hosts.compactMap { found[$0.name] }
        }
        print("reachability:")
        for verdict in verdicts { print("  " + verdict.line) }
        let unreachable = verdicts.filter { $0.verdict == .unreachable }.map(\.host)
        if !unreachable.isEmpty {
            throw CommandFailure(
                "not every host can be reached (\(unreachable.joined(separator: ", "))): see above; nothing was started"
            )
        }
    }
}
