import Agents
import ArgumentParser
import Federation
import Foundation

/// `fedactors bench FILE`: the agents' choice against the bench's baselines, task by task.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the agents on every request of a bench file and compare their system with the baselines.",
        discussion: """
            For each task: the agents' workflow on the request (as `auto`, approving the plan), then the chosen \
            system and each baseline (FedAvg, FedProx) on the task's setting, with the same seed and the same \
            rounds, participation, samples per client and test set, sized so that each system's run fits in the \
            task's budget on this machine (the agents' own time comes on top and is reported apart); the global \
            test set is evaluated once, after the last round. A baseline is the plain method: none of the \
            chosen system's add-ons (sampling, compression, small-loss filter, fine-tuning, replay, EWC). Writes \
            <out>/results.md (a table: chosen method, the metric of each system, \
            win/tie/loss against each baseline, time, bytes; every loss listed) and <out>/results.json. A tie is a \
            difference within max(0.01, 1.96·√(2p̄(1−p̄)/n)), n the samples the metric was measured on. \
            Setting keys this build cannot reproduce are listed per task. The embedded expert decides every role.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "The bench file (tasks of {id, area, request, setting, metric, baselines, budget}).")
    var file: String

    @Option(help: "Directory for results.md and results.json.")
    var out: String = "bench-results"

    @Option(
        help: "Budget of each system's run, e.g. 1m; overrides the file's. Default: the file's, else 1m.",
        transform: { text in
            do { return try RunBudget.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var budget: RunBudget?

    @Option(help: "Only these task ids, comma-separated (e.g. Q1,Q3).")
    var tasks: String?

    func run() async throws {
        try common.bootstrapLogging()
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ValidationError("cannot read the bench file \(file): \(error.localizedDescription)")
        }
        let bench: BenchmarkFile
        do { bench = try BenchmarkFile.parse(text, file: file) } catch { throw ValidationError("\(error)") }
        let wanted = tasks.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let selected = bench.tasks.filter { wanted?.contains($0.id) ?? true }
        if let wanted, selected.count < wanted.count {
            let known = Set(bench.tasks.map(\.id))
            throw ValidationError(
                """
                no task \(wanted.subtracting(known).sorted().joined(separator: ", ")) in \(file); its tasks are \
                \(bench.tasks.map(\.id).joined(separator: ", "))
                """
            )
        }
        let (team, local, home, driver) = try AgentOptions.startTeam(autoApprove: true, backends: RoleBackends())
        defer { withExtendedLifetime(local) {}; driver.shutdown(); home.shutdown() }
        let harness = BenchHarness(
            workflow: AgentWorkflow(team: team), factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            progress: { printLive($0) })
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let command = (["fedactors"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        var table = BenchTable(file: file, command: command, results: [])
        for task in selected {
            let taskBudget = try budget ?? RunBudget.parse(task.budget ?? bench.budget ?? "1m")
            printLive("\(task.id): \(task.area ?? "") (budget \(Int(taskBudget.seconds)) s)")
            table.results.append(await harness.run(task, budget: taskBudget))
            // Written after every task, so a long bench stopped midway keeps what it finished.
            try table.json().write(to: dir.appendingPathComponent("results.json"))
            try table.markdown().write(to: dir.appendingPathComponent("results.md"), atomically: true, encoding: .utf8)
        }
        print(table.markdown())
    }
}
