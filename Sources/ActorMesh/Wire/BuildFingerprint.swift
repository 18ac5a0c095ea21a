/// Identifies the build a node runs. Distributed method identifiers are mangled Swift names, so two
/// nodes can only call each other when they run the same FedActors source; the fingerprint travels in
/// every envelope and a mismatch is refused with ``MeshError/Code/buildMismatch``.
///
/// It is derived from the wire version and ``FedActorsVersion/current``; a deployment that builds
/// from an unreleased tree can set `FEDACTORS_BUILD_ID` (for example to a git revision) on every node
/// to tell builds apart.
package enum BuildFingerprint {
    /// The fingerprint of this process.
    package static let current: UInt64 = {
        let buildID = ProcessEnvironment.value(of: "FEDACTORS_BUILD_ID") ?? ""
        return of("fedactors/wire-\(Envelope.currentVersion)/\(FedActorsVersion.current)/\(buildID)")
    }()

    /// FNV-1a 64 of `text`: stable across processes and platforms (unlike `Hasher`).
    package static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// The FedActors release this source tree is.
package enum FedActorsVersion {
    package static let current = "0.1.0"
}
