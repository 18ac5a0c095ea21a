import Federation

extension RunEvent {
    /// A node going down, rejoining or coming back up, as the run's event.
    package static func from(_ change: NodeChange, seconds: Double) -> RunEvent {
        let kind: RunEvent.Kind
        switch change.period.state {
        case .down: kind = .nodeDown
        case .rejoining: kind = .nodeRejoining
        case .up: kind = .nodeUp
        }
        var event = RunEvent(kind, seconds: seconds)
        event.node = change.node
        event.endpoint = change.endpoint
        event.reason = change.period.reason
        event.round = change.round
        return event
    }
}
