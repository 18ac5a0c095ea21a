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

            Each run makes a random run token and hands it to the nodes it starts; they serve only \
            calls of this run, and take control calls (stop, creating clients) only from this \
            process. A `running` node is claimed by the run and released at its end. The token keeps \
            runs apart by accident, not against an attacker (it travels in the clear): use the \
            topology's security.curve_mesh_key for that. See `fedactors node --help`.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions

    func run() async throws {
        try common.bootstrapLogging()
        try await options.execute(try options.plan())
    }
}
