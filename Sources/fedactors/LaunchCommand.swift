import ArgumentParser
import Foundation
import Topology

/// `fedactors launch`: a multi-host run. Each host's node starts with the topology's command (ssh,
/// `ip netns exec`, a container runtime...) or is dialled where it already runs; then the run proceeds
/// as with `run`.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Run a multi-host topology: start every host's node with its command, then train and report.",
        discussion: """
            Hosts with `start: command` are started by running their command, which must start \
            `fedactors node` and let it print its ready line (every word `fedactors` is replaced by \
            this executable's path, so a command run on another machine, through ssh, must give the \
            path fedactors has there); hosts with `start: running` are dialled at their endpoint. The FL \
            server runs in this process and listens on the topology's server.bind, which every host must \
            be able to reach. --dry-run prints the plan and starts nothing.

            The run's token (see `fedactors run --help`) reaches command hosts as FEDACTORS_RUN_TOKEN in \
            their environment, and as --run-token appended to a command that runs `fedactors node`. \
            Start `running` nodes without --run-token: the run claims them and releases them at its end.

            Liveness, rejoin and interruption work as with `run` (see `fedactors run --help`): a \
            command host with `restart: on-failure` is started again with its command when its process \
            exits; a `running` host restarted by whoever runs it rejoins when it answers again at its \
            endpoint. SIGINT/SIGTERM writes the report of the completed rounds and a checkpoint, and \
            prints the `fedactors launch … --resume` command to continue.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions

    @Flag(help: "Print which node starts where, with which command, and exit.")
    var dryRun = false

    func run() async throws {
        try common.bootstrapLogging()
        let plan = try options.plan()
        let remote = plan.spec.hosts.filter {
            switch $0.start {
            case .command, .running: true
            case .local, .inProcess: false
            }
        }
        guard !remote.isEmpty else {
            throw CommandFailure("\(options.topology) has no host with `start: command` or `start: running`: nothing to launch on other hosts; use `fedactors run`")
        }
        if dryRun {
            print(Self.describe(plan, executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path))
            return
        }
        try await options.execute(plan, command: "launch")
    }

    /// The launch plan, one line per host.
    static func describe(_ plan: RunPlan, executable: String) -> String {
        var lines = ["\(plan.spec.name): server in this process on \(plan.spec.serverBind)"]
        lines.append("  a new run token per run: local nodes get --run-token, commands FEDACTORS_RUN_TOKEN (and --run-token appended when they run `fedactors node`); running nodes are claimed by the run and released at its end")
        if let security = plan.spec.security {
            lines.append("  CurveZMQ with the mesh key \(security.curveMeshKey); local nodes are given it, command and running nodes must hold a copy (--curve-mesh-key)")
        }
        for host in plan.spec.hosts {
            let clients = plan.clientsByHost[host.name]?.count ?? 0
            let how: String
            switch host.start {
            case .command(let words): how = "runs: " + RunLauncher.resolve(words, executable: executable).joined(separator: " ")
            case .running: how = "already running at \(host.endpoint ?? host.bind)"
            case .local: how = "local child process on \(host.bind)"
            case .inProcess: how = "inside this process"
            }
            let restart = host.restart == .onFailure ? "; restarted if it exits (restart: on-failure)" : ""
            lines.append("  \(host.name): \(clients) clients; \(clients == 0 ? "not started (no clients); " : "")\(how)\(restart)")
        }
        return lines.joined(separator: "\n")
    }
}
