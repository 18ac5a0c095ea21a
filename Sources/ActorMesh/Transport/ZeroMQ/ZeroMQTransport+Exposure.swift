extension ZeroMQTransport {
    /// Whether only this machine can reach `endpoint` once bound: inproc://, ipc://, and tcp:// on a
    /// loopback address (127.0.0.0/8, ::1, localhost). A wildcard (0.0.0.0, *, ::) or any other address
    /// is reachable from the network, where a node without CURVE accepts whoever connects.
    package static func isLoopbackOnly(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("inproc://") || endpoint.hasPrefix("ipc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = Substring(endpoint.dropFirst("tcp://".count))
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
