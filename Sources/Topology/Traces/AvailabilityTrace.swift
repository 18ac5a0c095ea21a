import Federation

/// An availability trace (`availability.trace`): rows `client,online_from,online_until` in virtual
/// seconds since the run's start, any number per client. The group's client i takes the intervals of
/// the i-th traced client in ascending `client` order, wrapping around.
package struct AvailabilityTrace: Sendable, Equatable {
    /// Each traced client's intervals, in ascending `client` order.
    package var clients: [[AvailabilityWindows.Interval]]

    package static func parse(_ text: String, file: String) throws(TraceError) -> AvailabilityTrace {
        let table = try TraceFile.parse(text, file: file, required: ["client", "online_from", "online_until"])
        var problems: [String] = []
        var byClient: [Int: [AvailabilityWindows.Interval]] = [:]
        for row in table.rows {
            guard let client = TraceFile.clientID(row, file: file, problems: &problems) else { continue }
            let from = row.values["online_from"] ?? -1, until = row.values["online_until"] ?? -1
            guard from >= 0, until > from else {
                problems.append(
                    """
                    \(file):\(row.line): online_until: expected 0 <= online_from < online_until, found \(from) and \
                    \(until)
                    """
                )
                continue
            }
            byClient[client, default: []].append(.init(from: from, until: until))
        }
        if problems.isEmpty, byClient.isEmpty {
            problems.append("\(file): no rows: expected intervals after the header")
        }
        if !problems.isEmpty { throw TraceError(problems: problems) }
        return AvailabilityTrace(clients: byClient.keys.sorted().compactMap { byClient[$0] })
    }

    /// The windows of the group's client `index`.
    package func windows(_ index: Int, periodSeconds: Double?) -> AvailabilityWindows {
        AvailabilityWindows(intervals: clients[index % clients.count], periodSeconds: periodSeconds)
    }
}
