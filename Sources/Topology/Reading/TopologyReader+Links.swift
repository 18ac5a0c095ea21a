import Federation

extension TopologyReader {
    /// A shared link, `{down_mbps, up_mbps, latency_ms, loss}`: a missing rate is unlimited.
    static func readSharedLink(_ value: YAMLValue?) -> SharedLink? {
        guard let m = value?.mapping() else { return nil }
        defer { m.finish() }
        let down = m.optional("down_mbps")?.double(0.001...1e6)
        let up = m.optional("up_mbps")?.double(0.001...1e6)
        let latency = m.optional("latency_ms")?.double(0...60_000) ?? 0
        let loss = m.optional("loss")?.double(0...0.5, "a packet loss probability in 0...0.5 (e.g. 0.01 for 1%)") ?? 0
        return SharedLink.mbps(down: down, up: up, latencyMilliseconds: latency, loss: loss)
    }
}
