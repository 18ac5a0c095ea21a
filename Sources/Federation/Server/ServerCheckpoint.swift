import ActorMesh
import Foundation

/// Everything the server needs to continue a run after round `completedRounds`: the global model, the
/// strategy's state, the sampler's random state, what it knew about clients, and the rounds so far.
///
/// Written after every round (atomically: a crash mid-write leaves the previous checkpoint intact) in
/// the mesh's binary format. Client-side state (SCAFFOLD's cᵢ, error-feedback residuals, personal
/// layers) lives on the clients and is not part of it: a resumed run with such algorithms restarts
/// that state, as after a client restart.
public struct ServerCheckpoint: Codable, Sendable, Equatable {
    /// Bumped when the layout changes; older files are refused with a clear message.
    public static let formatVersion = 1

    public var formatVersion: Int
    /// Describes the run the checkpoint belongs to; resuming a different run is refused.
    public var runIdentity: String
    public var completedRounds: Int
    public var parameters: [Float]
    public var strategyState: Data
    public var sampler: SplitMix64
    public var lastLoss: [Int: Double]
    public var rounds: [RoundRecord]
    /// Asynchronous strategies: stragglers' updates still in flight (nil: none, or a synchronous strategy).
    public var lateUpdates: LateUpdates?

    /// Writes the checkpoint to `url` atomically, creating the folder if needed.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try BinaryEncoder().encode(self).write(to: url, options: .atomic)
    }

    /// Reads a checkpoint written by ``write(to:)``.
    public static func read(from url: URL) throws(FederationError) -> ServerCheckpoint {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FederationError(.checkpoint, "cannot read checkpoint \(url.path): \(error.localizedDescription)")
        }
        let checkpoint: ServerCheckpoint
        do {
            checkpoint = try BinaryDecoder().decode(ServerCheckpoint.self, from: data)
        } catch {
            throw FederationError(.checkpoint, "\(url.path) is not a FedActors checkpoint (or is truncated): \(error)")
        }
        guard checkpoint.formatVersion == formatVersion else {
            throw FederationError(.checkpoint, "\(url.path) has checkpoint format \(checkpoint.formatVersion); this build reads format \(formatVersion)")
        }
        return checkpoint
    }
}
