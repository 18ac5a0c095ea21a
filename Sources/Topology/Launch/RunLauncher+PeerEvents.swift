import ActorMesh

extension RunLauncher {
    /// Feeds the mesh's news about its connections (ZeroMQ socket monitors, ZMTP heartbeats) to the
    /// roster, beside the launcher's own heartbeat: a dropped connection marks its node down at
    /// once, and a connection that comes back has the watch check at once whether the node restarted.
    static func follow(_ events: AsyncStream<PeerEvent>, into roster: NodeRoster) -> Task<Void, Never> {
        Task {
            for await event in events {
                switch event.state.status {
                case .down:
                    roster.peerDown(
                        event.endpoint, reason: event.state.message ?? "the connection to \(event.endpoint) dropped")
                case .up:
                    roster.peerUp(event.endpoint)
                case .unknown:
                    break
                }
            }
        }
    }
}
