import Agents
import ArgumentParser
import Federation
import Foundation

/// `fedactors auto`: request → plan → gate → spec → module tests → evaluate ⇄ debug → full run → report.
struct AutoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auto",
        abstract: "Build, evaluate and run an FL system from a plain-language request with the team of agents.",
        discussion: """
            Writes to --out: <name>.yaml (the synthesized topology, sized to the budget; edit it and re-run with \
            `fedactors run`), transcript.json (every agent exchange: what each role was sent and answered, who \
            decided, and every prompt and raw reply of the LLM roles), agents.json (per-role messages, bytes, LLM \
            calls, tokens, time, and the bytes each role exchanged with another process and on which node it ran) and \
            report.json (the full run). A run stopped by SIGINT/SIGTERM, or at the end of \
            its budget, still writes report.json with what it completed (marked interrupted). Exit code 3: the \
            request misses essentials or a human is needed; 4: aborted at the gate; 130/143: interrupted.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var agents: AgentOptions

    @Option(help: "Directory for the topology, transcript and reports.")
    var out: String = "auto-run"

    @Option(
        help:
            "Override the number of rounds of the full run before it is sized to the budget (the trial always runs 5).")
    var rounds: Int?

    @Option(
        help: ArgumentHelp(
            "Wall time for the whole command (agents, trial and full run): 10m, 90s, 1h30m. Default 10m.",
            discussion: """
                The full run is sized to what is left after the agents, from the trial's measured round time on \
                this machine: the test set, then the samples per client, the rounds and the clients per round \
                shrink, each as little as needed, and the changes are printed. If the run still reaches the end of \
                the budget it is stopped there and its report holds the rounds completed.
                """),
        transform: { text in
            do { return try RunBudget.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var budget = RunBudget.defaultBudget

    @Flag(help: "Stop after the evaluated spec: skip the full run.")
    var noRun = false

    @Option(
        help: ArgumentHelp(
            """
            A topology with a messy: section: the trials and the full run train its clients, on the data their \
            data agents prepare.
            """,
            discussion: """
                The topology auto writes takes this file's seed, hosts, server placement, security, clients, \
                aggregators, data and messy: sections (links come with the hosts, server and clients; anchors with \
                templates), named for the file's client count (the plan's model, strategy, training, participation and evaluation stay; \
                min_fit is at most the file's clients), so the full run is `fedactors run` of a messy topology: \
                each client's data agent is made on its host's node, the four stages (description, selection, \
                cleaning, harmonization) run before round 1, and the clients the selection keeps train on their \
                cleaned, relabelled data (min_fit and min_available are lowered to their number when they ask for \
                more). --yes takes the harmonizer's proposals for the labels it is unsure of. The stages' \
                exchanges are appended to transcript.json and written to data-stages.json, and report.json's \
                dataStages key holds the clients that trained and those left out with why. The trial (5 rounds), \
                and each committee proposal's trial, runs that same topology for its rounds: the stages run on the \
                clients' nodes first and the trial trains the clients they keep on their prepared data, so its score \
                is measured on this data (the console and transcript.json say which clients trained). With \
                --no-run the full run's stages run when the written topology is run.
                """, valueName: "topology"))
    var data: String?

    @Option(
        help: ArgumentHelp(
            """
            Convene a committee of N reviewers once the spec passed its trial: their top proposals are tried and \
            the best kept.
            """,
            discussion: """
                Each reviewer ranks up to max(3, top-k) whole methods, best first, each with a reason: a strategy \
                this build runs with the catalog's add-ons it needs (e.g. fedavg + small-loss-filter) and optional \
                option values; a proposal the catalog cannot build is refused with why. The reviewers are the embedded expert under \(ReviewerPrior.allCases.count) priors, in this \
                order: \(ReviewerPrior.allCases.map(\.rawValue).joined(separator: ", ")) (each scores the catalog's \
                cards as the planner does, counting the challenges of its focus twice); with --backend reviewers=llm \
                (or llm) the last seat asks the LLM endpoint of the process the reviewers live in (--agents-on \
                reviewers=HOST), falling back to the next prior's ranking. N is 1 to \
                \(CommitteeMembers.maximum(llm: false)), or \(CommitteeMembers.maximum(llm: true)) with the LLM. The \
                rankings are merged by a Borda count (rank r of a ballot of d places earns d - r + 1 points; ties go \
                to the better best rank, then to more supporters, then to the first proposed), the top-k distinct \
                methods are each assembled by the planner's composer on the evaluated spec, checked against the \
                plan's steps (one that would not run as proposed is refused and the next takes its place) and tried \
                by the evaluator (5 rounds, as many at once as there are cores), and the one with the best value of \
                the plan's metric among the trials that pass is kept; if none passes, the evaluated spec stands. The \
                plan is restated for the chosen method, saying the committee chose it with its trial score against \
                the others. Every proposal (reviewer, rank, reason), every trial's score, the choice with why and \
                the final plan are printed and written to transcript.json, committee.json and report.json's \
                committee and plan keys.
                """, valueName: "N"))
    var committee: Int?

    @Option(
        name: .customLong("top-k"),
        help: ArgumentHelp(
            "How many of the committee's merged proposals to try (default 3; needs --committee).",
            discussion: """
                When the reviewers propose fewer distinct methods than this, all of them are tried and the \
                console and the report say so.
                """, valueName: "K"))
    var topK: Int?

    func validate() throws {
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        try validateCommittee()
    }

    func run() async throws {
        try common.bootstrapLogging()
        let committeeSettings = try committeeSettings()
        let started = ContinuousClock.now
        let dataTopology = try dataTopology()
        let session = try await agents.startTeam(committee: committee ?? 0)
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let reportURL = dir.appendingPathComponent("report.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let request = agents.request
        let signals = InterruptSignals()
        let outcome: WorkflowOutcome
        do {
            outcome = try await session.run { team in
                let workflow = AgentWorkflow(
                    team: team, bounds: session.bounds, progress: { printLive("» \($0)") },
                    committee: committeeSettings,
                    trialData: trialData(dataTopology))
                return try await signals.abandoning(Task { try await workflow.run(request) })
            }
        } catch  where signals.signal != nil {
            try Self.writeUnfinished(
                to: reportURL,
                why: "interrupted during the agents' work (planning, building or the trial), before the full run")
            printLive("interrupted before the full run; report: \(reportURL.path)")
            throw ExitCode(signals.exitStatus)
        }
        let transcriptURL = dir.appendingPathComponent("transcript.json")
        try encoder.encode(outcome.transcript).write(to: transcriptURL)
        let metering = session.metering(outcome)
        try encoder.encode(metering).write(to: dir.appendingPathComponent("agents.json"))
        print("\nagent traffic (metered by the driver's ledger):\n" + metering.table())
        print(String(format: "request → evaluated spec: %.2f s", (ContinuousClock.now - started).seconds))
        if let record = outcome.committee { try show(record, plan: outcome.plan, in: dir) }
        try finish(outcome.status)
        guard var spec = outcome.spec else { return }
        if let rounds { spec.server.rounds = rounds }
        if let dataTopology {
            do { spec = try spec.fitted(toDataOf: dataTopology.spec) } catch { throw CommandFailure(error.description) }
        }
        let left = budget.seconds - (ContinuousClock.now - started).seconds
        spec = sized(spec, measured: outcome.trials.last?.measurement, left: left)
        let topology = dir.appendingPathComponent("\(spec.name).yaml")
        try topologyText(spec, data: dataTopology).write(to: topology, atomically: true, encoding: .utf8)
        print("topology: \(topology.path)")
        guard !noRun else {
            if dataTopology != nil { print("the data stages run when it runs: fedactors run \(topology.path)") }
            return
        }
        print("\nfull run:")
        let options = try RunOptions.parse(
            [topology.path, "--output", reportURL.path] + dataStageArguments(dataTopology))
        // The hard stop leaves a few seconds to stop the clients and write the report.
        let stop = Duration.seconds(max(1, budget.seconds - (ContinuousClock.now - started).seconds - 3))
        do {
            try await options.execute(try options.plan(), stopAfter: stop)
        } catch {
            if !FileManager.default.fileExists(atPath: reportURL.path) {
                try? Self.writeUnfinished(to: reportURL, why: "stopped before the full run's first round: \(error)")
            }
            throw error
        }
        if let record = outcome.committee { try addCommittee(record, plan: outcome.plan, toReport: reportURL) }
        try recordDataStages(report: reportURL, transcript: outcome.transcript, transcriptURL: transcriptURL)
        print(
            String(format: "auto: %.1f s of the %.0f s budget", (ContinuousClock.now - started).seconds, budget.seconds)
        )
    }

    /// `spec` sized to the `left` seconds of the budget, saying what changed.
    func sized(_ spec: FederationSpec, measured: TrialMeasurement?, left: Double) -> FederationSpec {
        guard let measured else {
            print(
                """
                budget: the trial's cost was not measured; the full run is not sized (the budget's hard stop still \
                applies)
                """
            )
            return spec
        }
        let sizing = budget.size(spec, measured: measured, available: left)
        let estimate = String(
            format: "%.0f s estimated for the full run, %.0f s of the budget left", sizing.estimatedSeconds, left)
        if sizing.notes.isEmpty {
            print("budget: the planned run fits (\(estimate))")
        } else {
            print("budget: scaled to fit (\(estimate)): " + sizing.notes.joined(separator: "; "))
        }
        return sizing.spec
    }

    /// A report with no rounds, marked interrupted, saying why: a stopped `auto` always leaves one.
    static func writeUnfinished(to url: URL, why: String) throws {
        var report = RunReport(summary: ["interrupted": why])
        report.interrupted = true
        try report.jsonData().write(to: url)
    }
}
