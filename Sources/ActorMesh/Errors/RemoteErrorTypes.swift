import Synchronization

/// The `Codable` error types a remote actor's error may be rebuilt as at the caller.
///
/// A peer names its error's type in the reply. Looking that name up in the Swift runtime would let
/// any peer make this process resolve (and, for a malformed name, crash on) an arbitrary string, so
/// only the types listed here are rebuilt; any other error arrives as ``RemoteCallError`` with the
/// peer's type name and message. ``MeshError`` and ``RemoteCallError`` are always listed. A module
/// whose actors throw an error the caller should catch by type registers it once, before calling
/// (registering again does nothing).
package enum RemoteErrorTypes {
    private static let known = Mutex<[String: any (Error & Decodable).Type]>(
        Dictionary(
            uniqueKeysWithValues: [MeshError.self, RemoteCallError.self].compactMap { type in
                _mangledTypeName(type).map { ($0, type as any (Error & Decodable).Type) }
            }))

    /// Lets errors of `type` arrive as themselves.
    package static func register<E: Error & Decodable>(_ type: E.Type) {
        guard let name = _mangledTypeName(type) else { return }
        known.withLock { $0[name] = type }
    }

    /// The registered type the peer's mangled name stands for, if any.
    static func type(mangledName: String) -> (any (Error & Decodable).Type)? {
        known.withLock { $0[mangledName] }
    }
}
