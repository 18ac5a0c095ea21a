import ArgumentParser

/// `fedactors run`: the main job. Starts the topology's nodes, runs the federation, reports.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run a topology: start its nodes, train, print progress and the communication summary, write the report.",
        discussion: """
            Nodes start as the topology's hosts say (child processes by default). The FL server runs in \
            this process, or with `server: {host: NAME}` on that host's node: this process then drives \
            the run (starts the nodes, has NAME's node start the server, prints the progress and writes \
            the report from the events the server sends it; --checkpoint and --resume are paths on \
            NAME's host; if this process dies, the server finishes the run and writes the report there). \
            Every byte between the server and the clients is metered by the nodes' ledgers, which end up \
            in the report (--output, or the topology's report.json).

            A topology with a messy: section: once the nodes are up, each client's data agent is made on its \
            node, which builds the client's messy data; the server data agent beside the FL server runs the \
            four data stages (description, selection, cleaning, harmonization) over the mesh, the console \
            prints their exchanges and traffic, and the selected clients train on their cleaned, relabelled \
            data. The clients left out are named with why (see --yes for the labels the harmonizer is unsure of).

            Each run makes a random run token and hands it to the nodes it starts; they serve only \
            calls of this run, and take control calls (stop, creating clients) only from this \
            process. A `running` node is claimed by the run and released at its end. The token keeps \
            runs apart by accident, not against an attacker (it travels in the clear): use the \
            topology's security.curve_mesh_key for that. See `fedactors node --help`.

            Liveness: every node is watched (a heartbeat every 0.5 s, its process exiting, dropped \
            connections). The clients of a node that is down are not invited (the round lists them as \
            unreachable) and calls waiting on it fail at once; a node restarted at the address the run \
            dials (by hand, or by the launcher with the host setting `restart: on-failure`) rejoins: \
            its clients are rebuilt with the same ids, data and seed and invited from the next round. \
            Ledgers are read after every round, so a lost node keeps the traffic it reported; the \
            report and the summary say which nodes were lost, when and why. The run exits 0 when it \
            completed its rounds, whatever nodes died.

            SIGINT/SIGTERM: the round under way is discarded, the nodes stop, the report of the rounds \
            completed is written marked interrupted, with a checkpoint (--checkpoint, else \
            <report>.checkpoint), and the command to continue with --resume is printed; exit status \
            130 (SIGINT) or 143 (SIGTERM).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions

    func run() async throws {
        try common.bootstrapLogging()
        try await options.execute(try options.plan())
    }
}
