import Federation
import Foundation
import Testing
@testable import Topology

/// Device and availability traces: read, used by the plan and the server's availability, refused
/// with located errors when malformed.
@Suite struct TraceTests {
    @Test func aDeviceTraceGivesEachClientItsRowInClientOrderWrappingAround() throws {
        let trace = try DeviceTrace.parse(
            "# comment\nclient,flops_per_second,up_mbps\n7,3e9,2\n\n2,1e9,8\n", file: "d.csv")
        #expect(trace.devices.map(\.flopsPerSecond) == [1e9, 3e9])
        #expect(trace.device(0).upMbps == 8 && trace.device(3).flopsPerSecond == 3e9)
        #expect(trace.device(0).downMbps == nil)
    }

    @Test func malformedTracesAreRefusedAtTheirLines() {
        let cases: [(String, String)] = [
            ("client,flops\n0,1e9\n", "d.csv:1: header: missing column 'flops_per_second'"),
            ("client,flops_per_second,speed\n", "d.csv:1: header: unknown column 'speed'"),
            ("client,flops_per_second\n0,1e9\n1,fast\n", "d.csv:3: flops_per_second: expected a number, found 'fast'"),
            ("client,flops_per_second\n0,1e9\n0,2e9\n", "d.csv:3: client: client 0 is listed twice"),
            ("client,flops_per_second\n0,1e9,5\n", "d.csv:2: expected 2 values"),
            ("client,flops_per_second\n-1,1e9\n", "d.csv:2: client: expected a whole number"),
            ("client,flops_per_second\n0,0\n", "d.csv:2: flops_per_second: expected a number in (0, 1e15]"),
            ("", "d.csv:1: the trace is empty"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: TraceError.self) { try DeviceTrace.parse(text, file: "d.csv") }
            #expect(error?.problems.contains { $0.hasPrefix(expected) } == true, "\(text) → \(error?.problems ?? [])")
        }
        let bad = #expect(throws: TraceError.self) {
            try AvailabilityTrace.parse("client,online_from,online_until\n0,50,10\n", file: "a.csv")
        }
        #expect(
            bad?.problems.first?.hasPrefix("a.csv:2: online_until: expected 0 <= online_from < online_until") == true)
    }

    @Test func availabilityWindowsRepeatAndSayWhenTheyOpenNext() throws {
        let trace = try AvailabilityTrace.parse(
            "client,online_from,online_until\n3,0,100\n3,200,300\n9,50,60\n", file: "a.csv")
        let w = trace.windows(0, periodSeconds: 600)
        #expect(w.isOnline(at: 0) && w.isOnline(at: 99.9) && !w.isOnline(at: 100) && w.isOnline(at: 250))
        #expect(w.isOnline(at: 650) && !w.isOnline(at: 1150))
        #expect(w.nextOpening(after: 120) == 200)
        #expect(w.nextOpening(after: 250) == 600)
        let once = trace.windows(1, periodSeconds: nil)
        #expect(!once.isOnline(at: 650) && once.nextOpening(after: 60) == nil)
        #expect(trace.windows(2, periodSeconds: nil) == trace.windows(0, periodSeconds: nil))
    }

    @Test func theShippedTopologyReadsItsTracesBesideIt() throws {
        let path = TopologyValidationTests.repoRoot.appendingPathComponent("Topologies/shared-uplink-20.yaml").path
        let plan = try RunPlan(try TopologyReader.load(path: path))
        let devices = try DeviceTrace.parse(
            String(
                contentsOf: TopologyValidationTests.repoRoot.appendingPathComponent("Topologies/traces/devices.csv"),
                encoding: .utf8), file: "devices.csv")
        for id in 0..<20 {
            #expect(plan.profiles[id]?.device.flopsPerSecond == devices.device(id).flopsPerSecond)
            #expect(plan.profiles[id]?.link.upBytesPerSecond == (devices.device(id).upMbps ?? 0) * 125_000)
            #expect(plan.profiles[id]?.link.latencySeconds == 0.04)
        }
        let config = try plan.serverConfig
        #expect(config.availability.count == 20 && config.availability[0]?.periodSeconds == 600)
        #expect(config.network.server?.downBytesPerSecond == 5_000_000)
        #expect(config.network.sites["site-a"]?.upBytesPerSecond == 3_750_000)
        #expect(plan.spec.runFingerprint.settings.contains { $0.name == "clients[0].device.trace" })
    }

    @Test func aTopologyNamingAMalformedTraceIsRefusedAtTheKeyWithTheTracesLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "client,flops_per_second\n0,1e9\n1,-3\n".write(
            to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let topology = dir.appendingPathComponent("t.yaml")
        try """
        name: t
        clients:
          - group: g
            count: 2
            device: {trace: bad.csv}
            availability: {trace: missing.csv}
        data: {dataset: fashion-mnist}
        model: 2nn
        strategy: fedavg
        """.write(to: topology, atomically: true, encoding: .utf8)
        let error = try #require(throws: TopologyError.self) { try TopologyReader.load(path: topology.path) }
        let device = try #require(error.issues.first { $0.field == "clients[0].device.trace" })
        #expect(device.line == 5 && device.message.contains("bad.csv:3: flops_per_second"))
        let online = try #require(error.issues.first { $0.field == "clients[0].availability.trace" })
        #expect(online.line == 6 && online.message.contains("cannot read the trace"))
    }
}
