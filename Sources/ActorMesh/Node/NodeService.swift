import Distributed
import Foundation
import Synchronization

/// What a node says about itself.
package struct NodeInfo: Codable, Sendable, Equatable {
    package var endpoint: String
    package var processID: Int32
    package var incarnation: UInt64
    package var hostedPaths: [String]
    package var version: String
}

/// The actor every FedActors node hosts at ``NodeService/path``: lets a coordinator check a node is up,
/// read its traffic ledger, measure a link with an echo, and ask the node to stop.
///
/// Its path is a control path (``MeshSettings/controlPaths``): when the node belongs to a run, only the
/// run's coordinator may call it.
package distributed actor NodeService {
    package typealias ActorSystem = MeshSystem

    /// The well-known path of the service on every node.
    package static let path = "node"

    private let stopRequested: @Sendable () -> Void

    /// `onStop` runs when a peer calls ``stop()`` (the node process then exits).
    package init(actorSystem: MeshSystem, onStop: @escaping @Sendable () -> Void = {}) {
        self.actorSystem = actorSystem
        stopRequested = onStop
    }

    /// The service of the node at `endpoint`, for calling from `system`.
    package static func at(_ endpoint: String, using system: MeshSystem) throws -> NodeService {
        try resolve(id: MeshActorID(node: endpoint, path: path), using: system)
    }

    package distributed func info() -> NodeInfo {
        NodeInfo(
            endpoint: actorSystem.endpoint, processID: ProcessInfo.processInfo.processIdentifier,
            incarnation: actorSystem.incarnation, hostedPaths: actorSystem.hostedPaths,
            version: FedActorsVersion.current)
    }

    /// This node's traffic ledger as of the call (the reply to this call is not in it yet).
    package distributed func ledger() -> TrafficReport {
        actorSystem.ledger.snapshot()
    }

    /// Returns `payload` unchanged: a round trip of a known size, for link checks and benchmarks.
    package distributed func echo(_ payload: [Float]) -> [Float] { payload }

    /// The most floats ``download(count:)`` returns: 64 MiB, more than a link benchmark needs, and
    /// little enough that one call cannot take a node's memory.
    package static let maxDownloadFloats = 16 << 20

    /// Returns `count` floats: a download of a known size, at most ``maxDownloadFloats``.
    package distributed func download(count: Int) throws -> [Float] {
        guard (0...Self.maxDownloadFloats).contains(count) else {
            throw MeshError(
                .invalidConfiguration,
                """
                download(count:) returns 0...\(Self.maxDownloadFloats) floats (64 MiB), not \(count): measure larger \
                transfers with several calls
                """
            )
        }
        return [Float](repeating: 0.5, count: count)
    }

    /// Ends the coordinator's run on this node: a node started without a run token (claimed by the
    /// run's first control call) is free for the next run. A node started with a token stays bound.
    /// Returns whether the node was released.
    package distributed func release() -> Bool {
        actorSystem.releaseRun()
    }

    /// Asks the node to stop after this call has been answered.
    package distributed func stop() {
        let stop = stopRequested
        Task {
            try? await Task.sleep(for: .milliseconds(50))
            stop()
        }
    }
}
