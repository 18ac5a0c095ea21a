@testable import ActorMesh
import ActorMeshTesting
import FedActorsTesting
import Federation
import Foundation
import Synchronization
import Testing
import ZeroMQ

/// A foreign process against a real `fedactors node` of a run: a raw ZeroMQ DEALER in this test calls
/// the node's control methods and unknown actors, with envelopes that look valid (right build, wrong
/// or no run token, or the right token from another incarnation than the coordinator) and with
/// garbage. Every call is refused, the node stays up and serves its coordinator, and its memory does
/// not grow with the hostile traffic.
@Suite(.serialized) struct ForeignPeerTests {
    /// A raw DEALER that sends hand-made messages and reads what comes back.
    final class RawCaller {
        let socket: ZMQSocket
        init(_ endpoint: String) throws {
            socket = try ZMQSocket(.shared, .dealer)
            try socket.setLinger(0)
            try socket.connect(endpoint)
        }
        deinit { socket.close() }

        func send(_ frames: [[UInt8]]) throws { try socket.send(bytes: frames, dontWait: false) }

        /// The next reply's envelope and payload, or nil after `timeout` milliseconds.
        func reply(timeout: Int = 5000) throws -> (Envelope, [[UInt8]])? {
            var poller = ZMQPoller()
            _ = poller.add(.socket(socket))
            guard try !poller.poll(timeoutMilliseconds: timeout).isEmpty, let parts = try socket.receive(dontWait: true)
            else { return nil }
            let bytes = parts.map { $0.withBytes { Array($0) } }
            guard let first = bytes.first else { return nil }
            return (try first.withUnsafeBytes { try Envelope(decoding: $0) }, Array(bytes.dropFirst()))
        }

        /// The code of the system error that answered, or nil when the answer was something else.
        func refusalCode(timeout: Int = 5000) throws -> MeshError.Code? {
            guard let (envelope, payload) = try reply(timeout: timeout), envelope.kind == .systemError,
                let frame = payload.first
            else { return nil }
            return try frame.withUnsafeBytes { try BinaryDecoder().decode(MeshError.self, from: $0) }.code
        }
    }

    /// The wire identifier of a distributed method, learnt by calling it once from a system on an
    /// in-memory network where nobody answers (the caller names the method before it sends).
    static func identifier(of method: String, _ call: @escaping (MeshSystem) async throws -> Void) async throws
        -> String
    {
        let system = try MeshSystem(transport: InMemoryTransport(name: "probe-\(UUID())", network: InMemoryNetwork()))
        defer { system.shutdown() }
        _ = try? await MeshSystem.withDeadline(.milliseconds(50)) { try await call(system) }
        return try #require(system.state.withLock { $0.methodNames.first { $0.value == method }?.key })
    }

    static func residentKilobytes(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ").dropFirst().first ?? ""))
    }

    /// A `fedactors node` of a new run (with `arguments` added), and that run's coordinator, which has
    /// made its first control call (so it is the node's coordinator). Terminate and shut both down.
    static func nodeOfARun(_ arguments: [String] = []) async throws
        -> (
            node: NodeProcess, coordinator: MeshSystem, service: NodeService, settings: MeshSettings,
            incarnation: UInt64
        )
    {
        var settings = MeshSettings()
        settings.runToken = RunToken.random()
        let node = try await NodeProcess.launch(
            executable: try Executables.url("fedactors"),
            arguments: ["node", "--bind", "tcp://127.0.0.1:0", "--run-token", settings.runToken?.description ?? ""]
                + arguments)
        let coordinator = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"), settings: settings)
        let service = try NodeService.at(node.endpoint, using: coordinator)
        let incarnation = try await service.info().incarnation
        return (node, coordinator, service, settings, incarnation)
    }

    @Test func aForeignPeerCannotControlARunsNodeNorGrowItsMemory() async throws {
        let (node, coordinator, service, settings, nodeIncarnation) = try await Self.nodeOfARun()
        defer { node.terminate(); coordinator.shutdown() }
        let token = try #require(settings.runToken)

        // Another system of the same run, with another incarnation, cannot stop the node.
        let member = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://127.0.0.1:0"), settings: settings)
        defer { member.shutdown() }
        do {
            try await NodeService.at(node.endpoint, using: member).stop()
            Issue.record("a run member that is not the coordinator stopped the node")
        } catch let error as MeshError {
            #expect(error.code == .notCoordinator)
        }

        let stop = try await Self.identifier(of: "stop()") { try await NodeService.at("mem://x", using: $0).stop() }
        let download = try await Self.identifier(of: "download(count:)") {
            _ = try await NodeService.at("mem://x", using: $0).download(count: 1 << 28)
        }
        let create = try await Self.identifier(of: "createClients(_:)") {
            _ = try await ClientHost.at("mem://x", using: $0).createClients(
                ClientSetup(
                    dataset: "synthetic-sensors", partition: "iid", model: "logreg", seed: 1, totalClients: 1,
                    clients: [:]))
        }
        let serviceType = String(reflecting: NodeService.self), hostType = String(reflecting: ClientHost.self)
        let count = Array(try BinaryEncoder().encode(1 << 28))

        /// A valid-looking call: this build, a real method, and the given token and incarnation.
        func call(
            _ id: UInt64, path: String, type: String, target: String, token: RunToken, incarnation: UInt64,
            sender: String
        ) throws -> [[UInt8]] {
            let envelope = Envelope(
                kind: .call, callID: id, senderIncarnation: incarnation, recipientIncarnation: nodeIncarnation,
                fingerprint: BuildFingerprint.current, deadlineMillis: 5000, payloadFrames: 1, runToken: token,
                senderEndpoint: sender, recipientPath: path, actorType: type, target: target)
            return [Array(try envelope.encoded()), count]
        }
        let raw = try RawCaller(node.endpoint)
        let wrong = RunToken.random()
        // (message, the refusal expected, or nil for garbage that gets no answer)
        func hostile(_ i: Int, sender: String) throws -> ([[UInt8]], MeshError.Code?) {
            let id = UInt64(i + 1)
            switch i % 8 {
            case 0:
                return (
                    try call(
                        id, path: NodeService.path, type: serviceType, target: stop, token: .none, incarnation: 7,
                        sender: sender), .foreignRun
                )
            case 1:
                return (
                    try call(
                        id, path: ClientHost.path, type: hostType, target: create, token: wrong, incarnation: 7,
                        sender: sender), .foreignRun
                )
            case 2:
                return (
                    try call(
                        id, path: NodeService.path, type: serviceType, target: download, token: token, incarnation: 7,
                        sender: sender), .notCoordinator
                )
            case 3:
                return (
                    try call(
                        id, path: NodeService.path, type: serviceType, target: stop, token: token, incarnation: 7,
                        sender: sender), .notCoordinator
                )
            case 4:
                return (
                    try call(
                        id, path: ClientHost.path, type: hostType, target: create, token: token, incarnation: 7,
                        sender: sender), .notCoordinator
                )
            case 5:
                return (
                    try call(
                        id, path: "nobody/\(i)", type: "Made.Up", target: "$s\(i)", token: token, incarnation: 7,
                        sender: sender), .unknownActor
                )
            case 6: return ([[UInt8]]((0..<3).map { _ in (0..<64).map { _ in UInt8.random(in: 0...255) } }), nil)
            default:
                return (
                    [
                        Array(
                            try call(
                                id, path: NodeService.path, type: serviceType, target: stop, token: token,
                                incarnation: 7, sender: sender)[0].prefix(50))
                    ], nil
                )
            }
        }

        // (a) and (b): each kind once, checking the answer.
        for i in 0..<8 {
            let (message, expected) = try hostile(i, sender: "tcp://intruder")
            try raw.send(message)
            if let expected {
                #expect(try raw.refusalCode() == expected, "hostile message \(i)")
            }
        }
        #expect(try raw.reply(timeout: 200) == nil)  // garbage got no answer
        #expect(node.isRunning)
        #expect(try await service.info().incarnation == nodeIncarnation)

        // 60 KB sender names, each another: 2,000 calls to warm the node's allocator up (measured: the
        // node's RSS rises by about 9 MB over the first 4,000 and then stays flat), then 10,000 more.
        let padding = String(repeating: "x", count: 60_000)
        var answered = 0, expectedAnswers = 0
        func barrage(_ range: Range<Int>) throws {
            for i in range {
                let (message, expected) = try hostile(i, sender: "tcp://\(padding)\(i)")
                try raw.send(message)
                if expected != nil { expectedAnswers += 1 }
                if i % 200 == 199 {
                    while answered < expectedAnswers, try raw.reply() != nil { answered += 1 }
                }
            }
            while answered < expectedAnswers, try raw.reply() != nil { answered += 1 }
        }
        try barrage(0..<2000)
        let before = try Self.residentKilobytes(of: node.processID)
        try barrage(2000..<12_000)
        #expect(answered == expectedAnswers)
        let after = try Self.residentKilobytes(of: node.processID)
        print("foreign peer drill: node RSS \(before) KB before 10,000 hostile calls, \(after) KB after")
        #expect(after - before < 10_240, "RSS grew from \(before) KB to \(after) KB")

        // The node is alive, still its coordinator's, and its ledger holds a few fixed refused rows.
        #expect(node.isRunning)
        let ledger = try await service.ledger()
        #expect(ledger.rows.count < 20, "\(ledger.rows.map(\.key))")
        #expect(ledger.rows.allSatisfy { $0.key.peer.utf8.count <= PeerName.maxBytes + 20 })
        #expect(ledger.total(.rejected).messages == 12_008 + 1)  // the member's stop() too
        try await service.stop()
        #expect(await node.waitForExit(timeout: .seconds(10)) == 0)
    }

    /// A message whose frames add up past the node's --max-message-mib is dropped, not served.
    @Test func aMessageLargerThanTheMaximumIsDiscarded() async throws {
        let (node, coordinator, service, settings, _) = try await Self.nodeOfARun(["--max-message-mib", "1"])
        defer { node.terminate(); coordinator.shutdown() }
        let token = try #require(settings.runToken)

        // Below the limit, an echo is served; 3 frames of 512 KiB each (1.5 MiB) are discarded whole.
        #expect(try await service.echo([Float](repeating: 1, count: 100_000)).count == 100_000)
        let raw = try RawCaller(node.endpoint)
        let envelope = Envelope(
            kind: .call, callID: 1, senderIncarnation: 5, fingerprint: BuildFingerprint.current, deadlineMillis: 5000,
            payloadFrames: 3, runToken: token, senderEndpoint: "tcp://big", recipientPath: "nobody", actorType: "X",
            target: "y")
        let part = [UInt8](repeating: 7, count: 512 << 10)
        try raw.send([Array(try envelope.encoded()), part, part, part])
        // Not answered (it never reached the mesh as a call), but counted as refused, too large.
        #expect(try raw.reply(timeout: 500) == nil)
        let refused = try await service.ledger().total { $0 == .refused(.messageTooLarge) }
        #expect(refused.messages == 1)
        #expect(refused.payloadBytes >= 3 * part.count)
        #expect(try await service.info().incarnation > 0)
    }

    /// A run whose node a foreign peer hammers from the moment it starts, with calls of another run
    /// and garbage: the run completes with the same rounds, bytes and model as the same run left in
    /// peace, and the node's ledger names no peer but the run's server (the hostile traffic sits in
    /// the fixed refused rows, which the report's totals leave out).
    @Test func aRunsReportIsUnchangedWhileAForeignPeerHammersItsNode() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hammered-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("hammered.yaml")
        try """
        name: hammered
        seed: 7
        hosts: [{name: w, start: local}]
        clients: [{group: g, count: 3, host: w}]
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 4, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """.write(to: topology, atomically: true, encoding: .utf8)
        let quietJSON = dir.appendingPathComponent("quiet.json"),
            hammeredJSON = dir.appendingPathComponent("hammered.json")
        let quietRun = try await DemoCommandTests().run(["run", topology.path, "--output", quietJSON.path])
        #expect(quietRun.status == 0, "stderr: \(quietRun.stderr)")
        let quiet = try RunReport.load(from: Data(contentsOf: quietJSON))

        let live = try LiveCommand(["run", topology.path, "--output", hammeredJSON.path])
        let announced = try #require(await live.line { $0.contains("node w at ") }, "stdout: \(live.stdout)")
        let endpoint = try #require(announced.split(separator: " ").first { $0.hasPrefix("tcp://") }.map(String.init))
        // The foreign peer: its own thread and socket, calls of another run to the node's stop() and
        // garbage, answers read as they come, until the run ends.
        let stopTarget = try await Self.identifier(of: "stop()") {
            try await NodeService.at("mem://x", using: $0).stop()
        }
        let serviceType = String(reflecting: NodeService.self)
        let done = Atomic(false), sent = Atomic(0)
        let hammer = Thread {
            guard let raw = try? RawCaller(endpoint) else { return }
            var i: UInt64 = 0
            while !done.load(ordering: .relaxed), i < 200_000 {
                i += 1
                let message: [[UInt8]]
                if i % 2 == 0,
                    let envelope = try? Envelope(
                        kind: .call, callID: i, senderIncarnation: 99, fingerprint: BuildFingerprint.current,
                        deadlineMillis: 1000,
                        payloadFrames: 0, runToken: RunToken.random(), senderEndpoint: "tcp://intruder-\(i)",
                        recipientPath: NodeService.path,
                        actorType: serviceType, target: stopTarget
                    ).encoded()
                {
                    message = [Array(envelope)]
                } else {
                    message = [(0..<32).map { _ in UInt8.random(in: 0...255) }]
                }
                guard (try? raw.send(message)) != nil else { break }
                sent.add(1, ordering: .relaxed)
                while ((try? raw.reply(timeout: 0)) ?? nil) != nil {}
                if i % 50 == 0 { usleep(1000) }
            }
        }
        hammer.start()
        let status = await live.wait(within: .seconds(60))
        done.store(true, ordering: .relaxed)
        #expect(status == 0, "stderr: \(live.stderr)")
        #expect(sent.load(ordering: .relaxed) > 100, "the foreign peer sent \(sent.load(ordering: .relaxed)) messages")
        print("hammered run: the foreign peer sent \(sent.load(ordering: .relaxed)) messages during the run")
        let hammered = try RunReport.load(from: Data(contentsOf: hammeredJSON))

        // The same federation: rounds, clients, bytes per round and the model's accuracy.
        #expect(hammered.rounds.map(\.completed) == quiet.rounds.map(\.completed))
        #expect(hammered.rounds.map(\.wireBytesDown) == quiet.rounds.map(\.wireBytesDown))
        #expect(hammered.rounds.map(\.wireBytesUp) == quiet.rounds.map(\.wireBytesUp))
        #expect(hammered.rounds.map(\.globalAccuracy) == quiet.rounds.map(\.globalAccuracy))
        // The node's ledger: the run's server and the refused rows, nothing named by the intruder.
        let server = try #require(hammered.ledgers.first { hammered.nodeNames?[$0.key] == "server" }?.key)
        let ledger = try #require(hammered.ledgers[endpoint])
        let peers = Set(ledger.rows.map(\.key.peer))
        #expect(peers.isSubset(of: [server, "<refused>"]), "\(peers)")
        #expect(ledger.total(.rejected).messages > 0)
    }
}
