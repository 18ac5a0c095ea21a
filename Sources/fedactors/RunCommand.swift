import ArgumentParser

/// `fedactors run`: the main job. Starts the topology's nodes, runs the federation, reports.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a topology: start its nodes, train, print progress and the communication summary, write the report.",
        discussion: """
            Nodes start as the topology's hosts say (child processes by default). The FL server runs in \
            this process; every byte between it and the clients is metered by the nodes' ledgers, which \
            end up in the report (--output, or the topology's report.json).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions

    func run() async throws {
        try common.bootstrapLogging()
        try await options.execute(try options.plan())
    }
}
