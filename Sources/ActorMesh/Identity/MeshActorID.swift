/// The identity of a distributed actor: the endpoint of the node that hosts it and a path on that node.
///
/// Printed as `<node>/<path>`, e.g. `tcp://127.0.0.1:5555/server` or `mem://a/clients/3`. The same ID
/// names the same actor in every process, so IDs can be written to files, passed on the command line
/// and sent inside messages.
public struct MeshActorID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The endpoint of the node that hosts the actor (what its transport binds or advertises).
    public let node: String
    /// The actor's path on that node: a well-known name (`server`) or an automatic one (`$auto/12`).
    public let path: String

    public init(node: String, path: String) {
        self.node = node
        self.path = path
    }

    public var description: String { "\(node)/\(path)" }

    /// Parses the printed form `<scheme>://<address>/<path>`.
    public init(parsing text: String) throws(MeshError) {
        guard let schemeEnd = text.range(of: "://") else {
            throw MeshError(.invalidActorID, "'\(text)' has no '://': write an actor ID as <scheme>://<address>/<path>")
        }
        let rest = text[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/"), rest.index(after: slash) < rest.endIndex else {
            throw MeshError(
                .invalidActorID, "'\(text)' has no path after the address: write <scheme>://<address>/<path>")
        }
        self.init(node: String(text[..<slash]), path: String(rest[rest.index(after: slash)...]))
    }
}
