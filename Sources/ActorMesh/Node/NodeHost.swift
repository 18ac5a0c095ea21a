import Distributed
import Foundation

/// Runs a node process: hosts the ``NodeService`` (plus whatever the caller registers), announces
/// itself with the ready line ``NodeProcess`` waits for, and serves until told to stop.
package enum NodeHost {
    /// Why a node stopped.
    package enum StopReason: String, Sendable {
        case stopCall = "a peer called stop()"
        case signal = "SIGTERM or SIGINT"
        case parentGone = "standard input closed (the run ended, or its parent is gone)"
    }

    /// Serves on `system` until a peer calls `stop()`, the process gets SIGTERM/SIGINT, or (with
    /// `exitWhenStdinCloses`) standard input closes. Keeps `actors` alive meanwhile. Before it shuts
    /// the system down it awaits `beforeStop` with the reason (still serving meanwhile: e.g. a node
    /// whose parent is gone finishes the run it serves first).
    package static func serve(
        system: MeshSystem, actors: [any DistributedActor] = [], exitWhenStdinCloses: Bool = true,
        beforeStop: @Sendable (StopReason) async -> Void = { _ in }
    ) async throws -> StopReason {
        let (stops, stop) = AsyncStream<StopReason>.makeStream()
        let service = try system.makeActor(named: NodeService.path) {
            NodeService(actorSystem: system) { stop.yield(.stopCall) }
        }

        let mark = ProcessSignals.install()
        let signals = Task {
            if await ProcessSignals.next(after: mark) != nil { stop.yield(.signal) }
        }
        if exitWhenStdinCloses {
            Thread.detachNewThread {
                while !FileHandle.standardInput.availableData.isEmpty {}
                stop.yield(.parentGone)
            }
        }

        FileHandle.standardOutput.write(
            Data("\(NodeProcess.readyPrefix)\(system.endpoint) \(ProcessInfo.processInfo.processIdentifier)\n".utf8))
        var reason = StopReason.signal
        for await why in stops {
            reason = why
            break
        }
        await beforeStop(reason)
        withExtendedLifetime((service, actors)) {}
        signals.cancel()
        system.shutdown()
        return reason
    }
}
