import ActorMesh
import Agents
import ArgumentParser
import Federation
import Foundation
import Learning
import RunMetrics
import Synchronization
import Topology

/// The arguments `run` and `launch` share, and the run they both do.
struct RunOptions: ParsableArguments {
    @Argument(help: "The topology file.")
    var topology: String

    @Option(help: "Override the number of rounds.")
    var rounds: Int?

    @Option(
        help:
            """
            Write the run report (JSON) here, and the CSV and HTML the topology's report section asks for beside it \
            (same path with .csv, .html); defaults to the topology's report paths. Refused if it is the topology \
            file, --resume's or --checkpoint's file.
            """
    )
    var output: String?

    @Option(
        help:
            """
            Write a checkpoint (model, strategy state, sampler state, rounds so far, the run's settings; checksummed) \
            here after every round. It may be --resume's file.
            """
    )
    var checkpoint: String?

    @Option(
        help: ArgumentHelp(
            "Write the run's events here as JSON Lines, as they happen (- for standard output).",
            discussion:
                """
                One JSON object per line: run_started, round_started and client_invited, client_answered (as each \
                client's fit call comes back), round_ended (with the round's record), client_finished, \
                client_straggled, client_dropped, client_failed and client_unreachable (written when their round \
                ends), node_down, node_rejoining, node_up, checkpoint_written, run_ended. Schema version 2 (the v \
                field); Topologies/README.md describes it. With -, the lines share standard output with the progress \
                lines: every event line starts with {, no progress line does.
                """
        ))
    var events: String?

    @Option(
        help: ArgumentHelp(
            """
            Serve Prometheus metrics at http://HOST:PORT/metrics while the run lasts (e.g. 127.0.0.1:9464; port 0 \
            picks a free one, printed at the start).
            """,
            discussion:
                """
                The server's traffic ledger by peer, actor, method and direction (equal to the ledger at each \
                scrape), rounds completed, clients by state, round wall and virtual times as histograms, the last \
                accuracy and node up/down. `fedactors node --metrics-bind` serves a node's ledger the same way. \
                Topologies/README.md lists the series.
                """
        ))
    var metricsBind: String?

    @Option(
        help:
            """
            With --metrics-bind: keep serving this many seconds after the run ends, so a scraper reads the final \
            values (they equal the report's server ledger).
            """
    )
    var metricsLinger: Double = 0

    @Option(
        help:
            """
            Continue the run from this checkpoint (written by --checkpoint with the same topology: one written under \
            other settings, except rounds and report paths, by another build, damaged, or holding non-finite numbers \
            is refused, saying which).
            """
    )
    var resume: String?

    @Option(
        help: ArgumentHelp(
            """
            Start the global model from the weights in this NumPy .npz instead of drawing them from the topology's \
            seed.
            """,
            discussion:
                """
                Keys and shapes are those of the PyTorch module of `fedactors export flower` (its state_dict): \
                dense0.weight [out, in], dense0.bias [out], dense1.weight, …; little-endian float32 ('<f4'), as \
                np.savez writes (np.savez_compressed's files are refused). Wrong keys, shapes or types, and damaged \
                files, are refused before any node starts, naming the key. Models of dense layers only (logreg, 2nn). \
                Not with --resume.
                """
        ))
    var initialModel: String?

    @Option(
        help:
            """
            When the run completes its rounds, write the final global model here as a NumPy .npz with the keys and \
            layout of --initial-model (an interrupted run writes none: its checkpoint holds the model). Models of \
            dense layers only (logreg, 2nn).
            """
    )
    var saveModel: String?

    @Flag(
        help: ArgumentHelp(
            "messy: topologies: take the harmonizer's proposal for every label it is unsure of.",
            discussion: """
                Before round 1 of a topology with a messy: section, the data agents describe, are selected, clean \
                and harmonize the clients' data. Nobody is asked during a run: without --yes, the samples of a label \
                the harmonizer is unsure of (a close spelling, a synonym it guesses) are left out of training; with \
                it, they train under the proposed class. Labels it cannot map (a merged label naming several \
                classes) are left out either way. The console lists each such label with its proposal.
                """))
    var yes = false

    @Option(
        help: ArgumentHelp(
            """
            messy: topologies: who reads the labels the harmonizer's glossary is unsure of: expert (offline, the \
            default) or llm.
            """,
            discussion: """
                The names of `fedactors auto --backend`: harmonizer=llm (or llm, openai) asks the OpenAI-compatible \
                server of FEDACTORS_LLM_BASE_URL, FEDACTORS_LLM_MODEL, FEDACTORS_LLM_API_KEY, FEDACTORS_LLM_TIMEOUT \
                and FEDACTORS_LLM_ATTEMPTS in the environment of the process that runs the FL server (this one, or \
                the node of server: {host: NAME}), for label mapping only; its answer is checked and the offline \
                mapping stands, saying why, when the server fails or answers something unusable. The gate then \
                settles what is still unsure. The run has no other LLM role.
                """,
            valueName: "backend"),
        transform: { text in
            do { return try BackendSelection.parse(text) } catch { throw ValidationError("\(error)") }
        })
    var backend = BackendSelection()

    /// The run's weight files.
    var weightFiles: ModelWeightFiles {
        ModelWeightFiles(
            initial: initialModel.map { URL(fileURLWithPath: $0) }, save: saveModel.map { URL(fileURLWithPath: $0) })
    }

    func validate() throws {
        if initialModel != nil, resume != nil {
            throw ValidationError(
                "--initial-model starts a new run; --resume continues from its checkpoint's model: give one of them")
        }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        guard metricsLinger >= 0, metricsLinger.isFinite else {
            throw ValidationError("--metrics-linger must be 0 or more seconds")
        }
        if metricsLinger > 0, metricsBind == nil { throw ValidationError("--metrics-linger needs --metrics-bind") }
        try validateBackend()
    }

    /// Reads and checks the topology (located issues and exit code 2 when it is broken, or would fail
    /// once the nodes start) into a plan.
    func plan() throws -> RunPlan {
        var spec: TopologySpec
        do {
            spec = try TopologyReader.load(path: topology)
        } catch let error as TopologyError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        if let rounds { spec.rounds = rounds }
        try checkFiles(spec)
        try checkHarmonizer(spec)
        var plan = try RunPlan(spec)
        plan.acceptsLabelProposals = yes
        plan.harmonizerAsksLLM = backend.kind(for: .harmonizer) == .llm
        // A server placed on a host reads the topology there, from the same text.
        let path = URL(fileURLWithPath: topology).standardizedFileURL.path
        plan.source = TopologySource(text: try String(contentsOfFile: path, encoding: .utf8), path: path)
        return plan
    }

    /// Starts the nodes, runs every round with one progress line each, prints the communication
    /// summary and writes the report. SIGINT/SIGTERM stops the run: the report of the rounds completed
    /// is written, marked interrupted, with a checkpoint to resume from, and the exit status is 130/143.
    /// `command` is how the resume command printed then starts (`run` or `launch`).
    /// `stopAfter`: stop the run like an interruption once this much time has passed (a time budget),
    /// writing the report of the rounds completed; the exit status is then 0.
    func execute(_ plan: RunPlan, command: String = "run", stopAfter: Duration? = nil) async throws {
        let spec = plan.spec
        let started = ContinuousClock.now
        printLive(
            """
            \(spec.name): \(spec.clientCount) clients, \(spec.strategy.name), \(spec.model.name) on \
            \(spec.data.dataset), \(spec.rounds) rounds
            """
        )
        let signals = InterruptSignals()
        let (observer, metrics) = try observe(plan, started: started)
        var report: RunReport
        do {
            report = try await signals.cancelling(
                launch(plan, observer: observer, metrics: metrics), stopAfter: stopAfter)
        } catch {
            observer.stop()
            await metrics?.stop()
            guard signals.signal != nil || signals.outOfTime else { throw error }
            FileHandle.standardError.write(
                Data("interrupted before the first round could run: nothing to report (\(error))\n".utf8))
            throw ExitCode(signals.exitStatus)
        }
        // The nodes are this program's children and inherit its OpenBLAS kernel choice (BLASKernels).
        report.summary["blas kernels"] = BLASKernels.active
        printSummary(report, started: started)
        // The metrics hold the report's ledger before the run's end is told, then linger; a report
        // that cannot be written is said after them.
        freezeMetrics(metrics, at: report)
        let written = Result { try writeReport(report, spec) }
        observer.runEnded(report)
        await lingerMetrics(metrics)
        try written.get()
        try conclude(report, signals: signals, command: command)
    }

    /// The run as a task: its launcher started with the plan's files, events and metrics.
    private func launch(_ plan: RunPlan, observer: RunObserver, metrics: RunMetricsExporter?) throws -> Task<
        RunReport, any Error
    > {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let launcher = RunLauncher(
            plan: plan, nodeExecutable: executable, factory: LearningTrainerFactory(),
            makeStrategy: { try StrategyCatalog.make(name: $0.name, options: $0.options) },
            dataPreparer: RunDataStages(llm: try harmonizerChat()))
        let (checkpointURL, resumeURL, saveURL) = (
            checkpoint.map { URL(fileURLWithPath: $0) }, resume.map { URL(fileURLWithPath: $0) },
            interruptedCheckpointURL(plan.spec)
        )
        let (reportPath, weights) = (reportPath(plan.spec), weightFiles)
        return Task {
            try await launcher.run(
                checkpoint: checkpointURL, resume: resumeURL, interruptedCheckpoint: saveURL,
                reportPath: reportPath, weights: weights, events: { observer.relay($0) },
                announce: { observer.announce($0) },
                coordinatorStarted: { node in metrics?.follow { node.ledger.snapshot() } })
        }
    }

    /// After the report is written: the saved model, the budget's stop, or an interruption's resume
    /// command and exit status.
    private func conclude(_ report: RunReport, signals: InterruptSignals, command: String) throws {
        if let saveModel, report.interrupted != true { print("model: \(saveModel)") }
        guard report.interrupted == true else { return }
        if signals.outOfTime {
            printLive(
                "stopped at the time budget \(report.summary["interrupted"] ?? ""); the report has the rounds completed"
            )
            return
        }
        printResume(report, command: command)
        throw ExitCode(signals.exitStatus)
    }
}
