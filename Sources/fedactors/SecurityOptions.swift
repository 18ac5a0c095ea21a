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

    /// The security settings, or nil when --curve-secret-key is not given.
    func load() throws -> ZeroMQSecurity? {
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
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("\(flag) \(path) cannot be read: check the path and permissions")
        }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    static func readKey(_ path: String, flag: String) throws -> String {
        guard let key = try readKeys(path, flag: flag).first else {
            throw CommandFailure("\(flag) \(path) holds no key: give a file written by `fedactors keys generate`")
        }
        return key
    }
}
