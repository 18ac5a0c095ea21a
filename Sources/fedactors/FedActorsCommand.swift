import ArgumentParser
import Learning

/// The program: picks OpenBLAS's wider kernels when it would fall back to old ones (see
/// ``BLASKernels``), then runs the command line, ending without library destructors (``ProcessEnd``).
@main
enum FedActorsMain {
    static func main() async {
        BLASKernels.relaunchWithWiderKernelsIfNeeded()
        ProcessEnd.skipLibraryDestructorsAtExit()
        await FedActorsCommand.main()
    }
}

struct FedActorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fedactors",
        abstract: "A distributed-actor federated-learning simulator on ZeroMQ.",
        discussion: """
            Every FL client and every agent role is a Swift distributed actor; nodes are OS processes (or \
            hosts) connected by FedActors' own ZeroMQ transport, and every byte they exchange is metered. \
            The FL server runs in the process that runs `run` or `launch`, or, when the topology says \
            `server: {host: NAME}`, on that host's node, run there by a distributed actor and followed \
            from the launching process through the events it sends.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, PlanCommand.self, AutoCommand.self, LaunchCommand.self, DemoCommand.self, NodeCommand.self,
            ValidateCommand.self, EmulateCommand.self, TopologyCommand.self, ReportCommand.self, WatchCommand.self,
            KeysCommand.self, KernelsCommand.self, ExportCommand.self, BenchCommand.self,
        ])
}
