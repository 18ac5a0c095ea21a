import Agents
import ArgumentParser
import Foundation

/// `fedactors auto`: request → plan → gate → spec → module tests → evaluate ⇄ debug → full run → report.
struct AutoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto",
        abstract: "Build, evaluate and run an FL system from a plain-language request with the team of agents.",
        discussion: """
            Writes to --out: <name>.yaml (the synthesized topology; edit it and re-run with `fedactors run`), \
            transcript.json (every agent exchange: what each role was sent and answered, who decided, and every \
            prompt and raw reply of the LLM roles), agents.json (per-role messages, bytes, LLM calls, tokens, \
            time, and the bytes each role exchanged with another process and on which node it ran) and \
            report.json (the full run). Exit code 3: the request misses essentials or a human is \
            needed; 4: aborted at the gate.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var agents: AgentOptions

    @Option(help: "Directory for the topology, transcript and reports.")
    var out: String = "auto-run"

    @Option(help: "Override the number of rounds of the full run (the trial always runs 5).")
    var rounds: Int?

    @Flag(help: "Stop after the evaluated spec: skip the full run.")
    var noRun = false

    @Option(
        help: ArgumentHelp(
            """
            A topology with a messy: section: its clients' data agents describe, are selected, clean and harmonize \
            first.
            """,
            discussion: """
                Each host of the topology becomes a node in this process (a mesh system on ZeroMQ over 127.0.0.1) \
                and each client's data agent is made on its host's node, which builds the client's messy data; \
                only cards, rules, counts and label mappings cross the mesh. The four stages go first in \
                transcript.json, their outcome to data-stages.json, and their traffic per stage and method is \
                printed. The harmonizer uses the LLM with --backend harmonizer=llm (or llm).
                """, valueName: "topology"))
    var data: String?

    func validate() throws {
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
    }

    func run() async throws {
        try common.bootstrapLogging()
        let session = try await agents.startTeam()
        let started = ContinuousClock.now
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let outcome = try await session.run { team in
            var dataTranscript: [TranscriptEntry] = []
            if let data {
                let gate = try HumanGateAgent.resolve(id: team.gate.id, using: session.home)
                let stages = try await prepareData(
                    topology: data, gate: gate, home: session.home, driver: session.driver,
                    transcript: &dataTranscript)
                try encoder.encode(stages).write(to: dir.appendingPathComponent("data-stages.json"))
            }
            var outcome = try await AgentWorkflow(
                team: team, bounds: session.bounds, progress: { printLive("» \($0)") }
            ).run(agents.request)
            outcome.transcript = dataTranscript + outcome.transcript
            return outcome
        }
        try encoder.encode(outcome.transcript).write(to: dir.appendingPathComponent("transcript.json"))
        let metering = session.metering(outcome)
        try encoder.encode(metering).write(to: dir.appendingPathComponent("agents.json"))
        print("\nagent traffic (metered by the driver's ledger):\n" + metering.table())
        print(String(format: "request → evaluated spec: %.2f s", (ContinuousClock.now - started).seconds))
        try finish(outcome.status)
        guard let spec = outcome.spec else { return }
        let topology = dir.appendingPathComponent("\(spec.name).yaml")
        try spec.topologyYAML().write(to: topology, atomically: true, encoding: .utf8)
        print("topology: \(topology.path)")
        guard !noRun else { return }
        print("\nfull run:")
        var arguments = [topology.path, "--output", dir.appendingPathComponent("report.json").path]
        if let rounds { arguments += ["--rounds", String(rounds)] }
        let options = try RunOptions.parse(arguments)
        try await options.execute(try options.plan())
    }
}
