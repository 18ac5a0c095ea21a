import ActorMesh
import Foundation

/// Everything the server needs to continue a run after round `completedRounds`: the global model, the
/// strategy's state, the sampler's random state, what it knew about clients, and the rounds so far.
///
/// Written after every round (atomically: a crash mid-write leaves the previous checkpoint intact) in
/// the mesh's binary format, behind a small header with the body's length and checksum
/// (``ServerCheckpoint/File``) so a truncated or damaged file is refused as such. It records the
/// ``RunFingerprint`` of the run that wrote it, so a resume under other settings is refused.
/// Client-side state (SCAFFOLD's cᵢ, error-feedback residuals, personal layers) lives on the clients
/// and is not part of it: a resumed run with such algorithms restarts that state, as after a client
/// restart.
package struct ServerCheckpoint: Codable, Sendable, Equatable {
    /// Bumped when the layout changes; older files are refused with a clear message.
    /// 2: the checksummed header and the run fingerprint.
    package static let formatVersion = 2

    package var formatVersion: Int
    /// Describes the run the checkpoint belongs to; resuming a different run is refused.
    package var runIdentity: String
    /// The settings of the run that wrote it (``RunFingerprint/empty`` for a server configured in code).
    package var fingerprint: RunFingerprint
    package var completedRounds: Int
    package var parameters: [Float]
    package var strategyState: Data
    package var sampler: SplitMix64
    package var lastLoss: [Int: Double]
    package var rounds: [RoundRecord]
    /// Asynchronous strategies: stragglers' updates still in flight (nil: none, or a synchronous strategy).
    package var lateUpdates: LateUpdates?

    /// Writes the checkpoint to `url` atomically, creating the folder if needed.
    /// - Throws: ``FederationError`` naming the path and why, in plain words.
    package func write(to url: URL) throws(FederationError) {
        let body: Data
        do {
            body = try BinaryEncoder().encode(self)
        } catch {
            throw FederationError(.checkpoint, "cannot encode the checkpoint for \(url.path): \(error)")
        }
        try OutputFile.write(File.wrap(body), to: url, what: "the checkpoint", code: .checkpoint)
    }

    /// Reads a checkpoint written by ``write(to:)``, refusing a file that is truncated, damaged, of
    /// another format version, or not a checkpoint.
    package static func read(from url: URL) throws(FederationError) -> ServerCheckpoint {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FederationError(.checkpoint, "cannot read checkpoint \(url.path): \(OutputFile.reason(error))")
        }
        let body = try File.unwrap(data, path: url.path)
        let checkpoint: ServerCheckpoint
        do {
            checkpoint = try BinaryDecoder().decode(ServerCheckpoint.self, from: body)
        } catch {
            throw FederationError(
                .checkpoint,
                """
                \(url.path) is a damaged checkpoint (its checksum matches but its contents do not decode: \(error)); \
                start afresh
                """
            )
        }
        guard checkpoint.formatVersion == formatVersion else {
            throw FederationError(
                .checkpoint,
                """
                \(url.path) has checkpoint format \(checkpoint.formatVersion); this build reads format \
                \(formatVersion)
                """
            )
        }
        return checkpoint
    }
}
