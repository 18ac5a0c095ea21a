import Federation
import Foundation

/// A device trace (`device.trace`): one row per traced device, `client,flops_per_second` and
/// optionally `down_mbps,up_mbps`. The group's client i takes the row of the i-th traced client in
/// ascending `client` order, wrapping around when the group has more clients than the trace.
package struct DeviceTrace: Sendable, Equatable {
    package struct Device: Sendable, Equatable {
        package var flopsPerSecond: Double
        package var downMbps: Double?
        package var upMbps: Double?
    }

    /// The devices in ascending `client` order.
    package var devices: [Device]

    package static func parse(_ text: String, file: String) throws(TraceError) -> DeviceTrace {
        let table = try TraceFile.parse(
            text, file: file, required: ["client", "flops_per_second"], optional: ["down_mbps", "up_mbps"])
        var problems: [String] = []
        var byClient: [Int: Device] = [:]
        for row in table.rows {
            guard let client = TraceFile.clientID(row, file: file, problems: &problems) else { continue }
            if byClient[client] != nil {
                problems.append(
                    """
                    \(file):\(row.line): client: client \(client) is listed twice; a device trace has one row per \
                    client
                    """
                )
            }
            let flops = row.values["flops_per_second"] ?? 0
            if !(flops > 0 && flops <= 1e15) {
                problems.append("\(file):\(row.line): flops_per_second: expected a number in (0, 1e15], found \(flops)")
            }
            for column in ["down_mbps", "up_mbps"] {
                if let v = row.values[column], !(0.001...1e6).contains(v) {
                    problems.append("\(file):\(row.line): \(column): expected a number in 0.001...1e6, found \(v)")
                }
            }
            byClient[client] = Device(
                flopsPerSecond: flops, downMbps: row.values["down_mbps"], upMbps: row.values["up_mbps"])
        }
        if problems.isEmpty, byClient.isEmpty {
            problems.append("\(file): no rows: expected one row per device after the header")
        }
        if !problems.isEmpty { throw TraceError(problems: problems) }
        return DeviceTrace(devices: byClient.keys.sorted().compactMap { byClient[$0] })
    }

    /// The device of the group's client `index`.
    package func device(_ index: Int) -> Device { devices[index % devices.count] }
}
