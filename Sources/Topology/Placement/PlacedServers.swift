import ActorMesh
import Federation
import Foundation
import Logging
import Synchronization

/// The FL server runs of one node (``ServerHost``'s state, kept apart so the node's process can wait
/// for them): at most one at a time. A run goes on when its driver is gone, and then writes its
/// report (JSON) on this host.
package final class PlacedServers: Sendable {
    private struct State {
        var running: Task<Void, Never>?
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let factory: any TrainerFactory
    private let makeStrategy: StrategyMaker
    private let dataPreparer: (any RunDataPreparer)?
    private let logger = Logger(label: "fedactors.server-host")

    /// - Parameter dataPreparer: the data stages a run of a `messy:` topology performs before its first
    ///   round (nil: such runs are refused here).
    package init(
        factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker, dataPreparer: (any RunDataPreparer)? = nil
    ) {
        self.factory = factory
        self.makeStrategy = makeStrategy
        self.dataPreparer = dataPreparer
    }

    /// Checks `request` (the topology reads here as it did for the driver, the checkpoint to resume
    /// from is usable) and starts the run on `system`, this node's. Throws, saying why, when it cannot.
    func start(_ request: PlacedRunRequest, on system: MeshSystem) throws(FederationError) {
        let launcher = try Self.launcher(
            for: request, factory: factory, makeStrategy: makeStrategy, dataPreparer: dataPreparer)
        let saved = try launcher.readCheckpoint(at: request.files.resume.map { URL(fileURLWithPath: $0) })
        let follower: RunFollower
        do {
            follower = try RunFollower.resolve(id: request.follower, using: system)
        } catch {
            throw FederationError(
                .invalidSetting, "the driver's follower \(request.follower) cannot be reached: \(error)")
        }
        let pusher = NewsPusher { message in
            try await MeshSystem.withDeadline(.seconds(10)) { try await follower.take(message) }
        }
        try state.withLock { s throws(FederationError) in
            guard s.running == nil else {
                throw FederationError(
                    .invalidSetting,
                    "this node already runs the FL server of a run: place the server of another run on another host")
            }
            s.running = Task { [self] in
                await conduct(request, launcher: launcher, saved: saved, on: system, pusher: pusher)
                finished()
            }
        }
    }

    /// Interrupts the run under way, if any: it ends as an interrupted run does (report and checkpoint).
    func interrupt() {
        state.withLock { $0.running?.cancel() }
    }

    /// Returns once no run is under way here.
    package func untilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { s in
                if s.running == nil { return true }
                s.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Interrupts any run and returns once it has ended.
    package func interruptAndWait() async {
        interrupt()
        await untilIdle()
    }

    private func finished() {
        let waiters = state.withLock { s in
            s.running = nil
            defer { s.idleWaiters = [] }
            return s.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The server side of the run (``RunLauncher/serve(_:saved:files:events:announce:)``), its news
    /// pushed to the driver; the report written here when the driver is gone.
    private func conduct(
        _ request: PlacedRunRequest, launcher: RunLauncher, saved: ServerCheckpoint?, on system: MeshSystem,
        pusher: NewsPusher
    ) async {
        let roster = NodeRoster(onChange: { pusher.post(.events([RunEvent.from($0, seconds: 0)])) })
        let side = RunLauncher.ServerSide(
            coordinator: system, roster: roster, endpoints: request.endpoints,
            setupTimeout: .milliseconds(Int64(launcher.plan.spec.callTimeoutSeconds * 1000)), restart: nil,
            populated: {})
        do {
            let report = try await launcher.serve(
                side, saved: saved, files: request.files, events: { pusher.post(.events($0)) },
                announce: { pusher.post(.announce($0)) })
            pusher.post(.ended(report))
            await pusher.finish()
            if pusher.driverGone { keep(report, request: request, name: launcher.plan.spec.name) }
        } catch {
            pusher.post(.failed((error as? FederationError)?.message ?? "\(error)"))
            await pusher.finish()
            if pusher.driverGone { logger.error("the run failed, and its driver is gone: \(error)") }
        }
    }

    /// Writes `report` where the driver asked (its report path), or `<name>.report.json` here.
    private func keep(_ report: RunReport, request: PlacedRunRequest, name: String) {
        let path = request.files.report ?? "\(name).report.json"
        do {
            try OutputFile.write(try report.jsonData(), to: URL(fileURLWithPath: path), what: "the report")
            logger.notice("the driver is gone: the run's report is at \(path) on this host")
        } catch {
            logger.error("the driver is gone, and the report cannot be written to \(path): \(error)")
        }
    }

    /// A launcher for the run `request` describes, read from its topology as the driver read it.
    static func launcher(
        for request: PlacedRunRequest, factory: any TrainerFactory, makeStrategy: @escaping StrategyMaker,
        dataPreparer: (any RunDataPreparer)? = nil
    ) throws(FederationError) -> RunLauncher {
        var spec: TopologySpec
        do {
            spec = try TopologyReader.parse(
                request.topology, file: request.topologyPath, inputPath: request.topologyPath)
        } catch let error as TopologyError {
            throw FederationError(.invalidSetting, "the topology does not read on the server's host: \(error)")
        } catch {
            throw FederationError(.invalidSetting, "the topology does not read on the server's host: \(error)")
        }
        spec.rounds = request.rounds
        var plan = try RunPlan(spec)
        plan.acceptsLabelProposals = request.acceptsLabelProposals
        plan.harmonizerAsksLLM = request.harmonizerAsksLLM
        let here = plan.spec.runFingerprint
        if here != request.fingerprint {
            let differing =
                here.settings.first { setting in
                    request.fingerprint.settings.first { $0.name == setting.name } != setting
                }?
                .name ?? "the settings"
            throw FederationError(
                .invalidSetting,
                """
                the topology reads differently on the server's host than for the driver (\(differing) differs): give \
                both the same topology and the files it names
                """
            )
        }
        return RunLauncher(
            plan: plan, nodeExecutable: URL(fileURLWithPath: "/proc/self/exe"), factory: factory,
            makeStrategy: makeStrategy, dataPreparer: dataPreparer)
    }
}
