import ActorMesh
import ArgumentParser
import Foundation

/// CurveZMQ flags shared by the commands that start nodes.
struct SecurityOptions: ParsableArguments {
    @Option(help: "File with this node's CurveZMQ secret key (from `fedactors keys generate`). Enables encryption.")
    var curveSecretKey: String?

    @Option(help: "File of CurveZMQ public keys allowed to connect, one per line. Without it any key may connect.")
    var curveAllow: String?

    @Option(help: "File with the public key of the nodes this one dials (the mesh's server key).")
    var curvePeerKey: String?

    @Option(
        help:
            """
            File with a secret key every process of a run shares (a topology's security.curve_mesh_key): encrypts, \
            dials peers with its public key and admits only its holders. Replaces the three options above.
            """
    )
    var curveMeshKey: String?

    /// The security settings, or nil when neither --curve-secret-key nor --curve-mesh-key is given.
    func load() throws -> ZeroMQSecurity? {
        if let curveMeshKey {
            guard curveSecretKey == nil, curveAllow == nil, curvePeerKey == nil else {
                throw ValidationError(
                    """
                    --curve-mesh-key replaces --curve-secret-key, --curve-allow and --curve-peer-key: give one or the \
                    others
                    """
                )
            }
            return try ZeroMQSecurity.sharedMesh(secretKey: try Self.readKey(curveMeshKey, flag: "--curve-mesh-key"))
        }
        guard let curveSecretKey else {
            if curveAllow != nil || curvePeerKey != nil {
                throw ValidationError("--curve-allow and --curve-peer-key need --curve-secret-key")
            }
            return nil
        }
        let secret = try Self.readKey(curveSecretKey, flag: "--curve-secret-key")
        let allowed = try curveAllow.map { try Self.readKeys($0, flag: "--curve-allow") }
        let peerKey = try curvePeerKey.map { try Self.readKey($0, flag: "--curve-peer-key") }
        return try ZeroMQSecurity(secretKey: secret, allowedClientKeys: allowed, defaultServerKey: peerKey)
    }

    static func readKeys(_ path: String, flag: String) throws -> Set<String> {
        do { return try CurveKeyFile.keys(at: path) } catch { throw CommandFailure("\(flag) \(error.message)") }
    }

    static func readKey(_ path: String, flag: String) throws -> String {
        do { return try CurveKeyFile.key(at: path) } catch { throw CommandFailure("\(flag) \(error.message)") }
    }
}
