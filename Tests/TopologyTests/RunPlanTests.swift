import Federation
import Testing
@testable import Topology

@Suite struct RunPlanTests {
    @Test func clientsArePlacedRoundRobinAndProfilesAreSeeded() throws {
        let text = """
            name: plan
            seed: 3
            hosts: [{name: a}, {name: b}, {name: c}]
            clients:
              - {group: g1, count: 5, hosts: [b, c], device: {flops_per_second: {uniform: [1e9, 2e9]}}, link: {down_mbps: 8, up_mbps: 2, latency_ms: 50}}
              - {group: g2, count: 2, host: a}
            data: {dataset: fashion-mnist, partition: {kind: dirichlet, alpha: 0.5}}
            model: 2nn
            strategy: fedavg
            training: {rounds: 4, batch_size: 16}
            participation: {fraction: 0.5, deadline_seconds: 10}
            """
        let spec = try TopologyReader.parse(text)
        let plan = try RunPlan(spec)
        #expect(plan.clientsByHost == ["b": [0, 2, 4], "c": [1, 3], "a": [5, 6]])
        #expect(plan.profiles.count == 7)
        for id in 0..<5 {
            let p = try #require(plan.profiles[id])
            #expect((1e9...2e9).contains(p.device.flopsPerSecond))
            #expect(p.link.downBytesPerSecond == 1_000_000)
            #expect(p.link.upBytesPerSecond == 250_000)
            #expect(p.link.latencySeconds == 0.05)
        }
        #expect(try RunPlan(spec).profiles == plan.profiles)
        let setup = plan.setup(for: "c")
        #expect(Set(setup.clients.keys) == [1, 3])
        #expect(setup.totalClients == 7)
        #expect(setup.partitionSettings == ["alpha": 0.5])
        let config = try plan.serverConfig
        #expect(config.rounds == 4)
        #expect(config.plan.batchSize == 16)
        #expect(config.roundDeadlineSeconds == 10)
        #expect(config.participation.fraction == 0.5)
    }

    @Test func compressionNamesBecomeFederationCompressions() throws {
        let shipped = try TopologyReader.load(
            path: TopologyValidationTests.repoRoot.appendingPathComponent("Topologies/compression-15.yaml").path)
        #expect(
            try RunPlan(shipped).serverConfig.compression
                == Compression(stages: [.quantize(bits: 8)], errorFeedback: true))
        let cases: [(String, Compression?)] = [
            ("none", nil),
            ("q16", try Compression(stages: [.quantize(bits: 16)])),
            ("{kind: topk, fraction: 0.05}", try Compression(stages: [.topK(fraction: 0.05)])),
            (
                "{kind: topk+q8, fraction: 0.01, error_feedback: true}",
                try Compression(stages: [.topK(fraction: 0.01), .quantize(bits: 8)], errorFeedback: true)
            ),
        ]
        for (text, expected) in cases {
            let spec = try TopologyReader.parse(
                """
                name: c\nclients: [{group: g, count: 2}]\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: \
                fedavg\ncompression: \(text)\n
                """
            )
            #expect(try RunPlan(spec).serverConfig.compression == expected, "compression: \(text)")
        }
    }

    @Test func aServerOnLoopbackThatRemoteHostsCannotReachIsRefused() throws {
        let text = """
            name: far
            hosts: [{name: h2, start: running, endpoint: "tcp://10.77.0.2:7102"}]
            clients: [{group: g, count: 3, host: h2}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        // Refused when the file is read (validate says so, located), and by the plan of a spec made by hand.
        #expect(throws: TopologyError.self) { try TopologyReader.parse(text) }
        var unreachable = try TopologyReader.parse(
            text.replacingOccurrences(of: "clients:", with: "server: {bind: \"tcp://10.77.0.254:0\"}\nclients:"))
        unreachable.serverBind = "tcp://127.0.0.1:0"
        #expect(throws: FederationError.self) { try RunPlan(unreachable) }
        let fixed = text.replacingOccurrences(of: "clients:", with: "server: {bind: \"tcp://10.77.0.254:0\"}\nclients:")
        #expect(try RunPlan(try TopologyReader.parse(fixed)).spec.serverBind == "tcp://10.77.0.254:0")
        // Local child processes on loopback are fine with the default.
        #expect(
            try RunPlan(try TopologyReader.parse(text.replacingOccurrences(of: "10.77.0.2", with: "127.0.0.1"))).spec
                .serverBind == "tcp://127.0.0.1:0")
    }

    @Test func withoutHostsEverythingRunsInProcess() throws {
        let spec = try TopologyReader.load(
            path: TopologyValidationTests.repoRoot.appendingPathComponent("Topologies/quickstart.yaml").path)
        #expect(spec.hosts == [HostSpec(name: "local", start: .inProcess, bind: "inproc://local", endpoint: nil)])
        #expect(try RunPlan(spec).clientsByHost == ["local": [0, 1, 2]])
    }
}
