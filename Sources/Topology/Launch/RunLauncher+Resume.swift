import Federation
import Foundation

extension RunLauncher {
    /// The checkpoint at `url` (nil: none), read and checked against this plan's settings before any
    /// node starts: a checkpoint written under other settings is refused, naming the first that differs.
    func readCheckpoint(at url: URL?) throws(FederationError) -> ServerCheckpoint? {
        guard let url else { return nil }
        let saved = try ServerCheckpoint.read(from: url)
        if let mismatch = plan.spec.runFingerprint.mismatch(recorded: saved.fingerprint, current: "this topology") {
            throw FederationError(.checkpoint, "cannot resume from \(url.path): \(mismatch)")
        }
        return saved
    }
}
