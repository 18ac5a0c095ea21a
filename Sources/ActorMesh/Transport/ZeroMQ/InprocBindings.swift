import Synchronization

/// Which inproc:// endpoints this process has bound, and how often each changed hands.
///
/// libzmq reports nothing about inproc:// connections (no monitor events, no heartbeats), so a
/// DEALER connected to a node that closed can keep its dead pipe for a moment and swallow the next
/// request. Every node of an inproc:// endpoint lives in this process, though, so the transport can
/// know exactly: each bind and each close of an inproc:// ROUTER counts one generation, and a
/// DEALER made in an older generation than the endpoint's current one is replaced before it sends.
/// A bound endpoint's generation is odd; a DEALER that connects before its peer binds (which
/// inproc:// allows) belongs to the coming bind's generation, so it is kept, with the requests
/// it already carries, when that bind happens.
enum InprocBindings {
    private static let generations = Mutex<[String: UInt64]>([:])

    /// Whether `endpoint` is an inproc:// one, whose bindings this process tracks.
    static func tracks(_ endpoint: String) -> Bool { endpoint.hasPrefix("inproc://") }

    /// The current generation of `endpoint`: 0 until it is first bound, odd while it is bound.
    static func generation(of endpoint: String) -> UInt64 {
        generations.withLock { $0[endpoint, default: 0] }
    }

    /// The generation a DEALER connecting to `endpoint` now belongs to: the current one while the
    /// endpoint is bound, else the next bind's.
    static func connectingGeneration(of endpoint: String) -> UInt64 {
        let current = generation(of: endpoint)
        return current % 2 == 1 ? current : current &+ 1
    }

    /// Records that `endpoint` was bound (`bound`) or closed: the next generation of that parity.
    static func changed(_ endpoint: String, bound: Bool) {
        guard tracks(endpoint) else { return }
        generations.withLock { table in
            let current = table[endpoint, default: 0]
            table[endpoint] = current &+ ((current % 2 == 1) == bound ? 2 : 1)
        }
    }

    /// Whether a DEALER of `generation` (from ``connectingGeneration(of:)``) still reaches the node
    /// it connected to: false once `endpoint` has closed since.
    static func isCurrent(_ generation: UInt64, for endpoint: String) -> Bool {
        !tracks(endpoint) || self.generation(of: endpoint) <= generation
    }
}
