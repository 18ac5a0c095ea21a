import FedActorsTesting
import Federation
import Foundation
import Learning
import Testing

/// A node of a `messy:` run killed mid-run and restarted by the launcher (`restart: on-failure`): the
/// new node has no data agents, so its clients' data is described, cleaned by the server data agent's
/// stored rules and relabelled by its stored mapping again before they train; the console and the
/// report's node record say so. Sixteen rounds of about a second leave a loaded machine time to restart
/// the node and prepare its data before the run ends.
@Suite(.serialized) struct MessyRestartTests {
    /// Host c is a local node restarted on failure; with `dataDirectory`, it is started by a command
    /// that gives it its own copy of Fashion-MNIST there (`FEDACTORS_FASHION_MNIST_DIR`).
    static func topology(port: Int, dataDirectory: String? = nil) -> String {
        let c =
            dataDirectory.map {
                """
                {name: c, start: command, command: [env, "\(FashionMNIST.directoryVariable)=\($0)", fedactors, node, \
                --bind, "tcp://127.0.0.1:\(port)"], restart: on-failure}
                """
            } ?? "{name: c, start: local, bind: \"tcp://127.0.0.1:\(port)\", restart: on-failure}"
        return """
            name: messy-restart
            seed: 5
            hosts:
              - {name: a, start: local}
              - \(c)
            clients:
              - group: wards
                count: 5
                hosts: [a, c]
                link: {down_mbps: 100, up_mbps: 100, latency_ms: 500}
            data: {dataset: fashion-mnist, partition: iid}
            messy:
              samples_per_client: 300
              corrupt_fraction: 0.1
              vocabularies: [french, german, uppercase]
              sensor_clients: 1
            model: logreg
            strategy: fedavg
            training: {rounds: 16, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
            participation: {fraction: 1, min_fit: 1, min_available: 1, deadline_seconds: 10}
            timing: {mode: real, scale: 1}
            """
    }

    @Test func aRestartedNodePreparesItsClientsDataAgainBeforeTheyTrain() async throws {
        let dir = try FaultDrillTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try ClosedPort.recentlyFree()
        let path = dir.appendingPathComponent("messy-restart.yaml")
        try Self.topology(port: port).write(to: path, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["run", path.path, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        let pid = try #require(announcedPID(run.stdout, node: "c"))
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        // Host c holds clients 1 and 3 (the group alternates a, c); client 4 holds sensors and is refused.
        let rejoinLine = run.stdout.first { $0.contains("node c rejoined: data re-prepared for clients [1, 3]") }
        #expect(rejoinLine != nil, "\(run.stdout)")
        let result = try RunReport.load(from: Data(contentsOf: report))
        let node = try #require(result.nodes?.first { $0.name == "c" })
        #expect(node.finalState == "up")
        #expect(node.periods.last?.reason?.contains("data re-prepared for clients [1, 3]") == true, "\(node.periods)")
        let lostRound = try #require(node.lostAtRound)
        let trainedAgain = result.rounds.filter { $0.round > lostRound && Set($0.completed).isSuperset(of: [1, 3]) }
        #expect(!trainedAgain.isEmpty, "rounds: \(result.rounds.map { ($0.round, $0.completed) })")
        #expect(result.rounds.allSatisfy { !$0.invited.contains(4) })
    }

    /// A site's data changes while its node is down: the node of host c reads its own copy of
    /// Fashion-MNIST (`FEDACTORS_FASHION_MNIST_DIR`), whose training labels this test moves each to the
    /// next class after the stages, then kills the node. The restarted node builds its clients' data
    /// from the changed copy: their counts per class are not the stages', so both are left out, saying
    /// why, and never train again; the other clients go on.
    @Test func aClientWhoseDataChangedWhileItsNodeWasDownIsLeftOut() async throws {
        let dir = try FaultDrillTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = try Self.copyOfFashionMNIST(in: dir)
        let port = try ClosedPort.recentlyFree()
        let path = dir.appendingPathComponent("messy-restart.yaml")
        try Self.topology(port: port, dataDirectory: copy.path).write(to: path, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.json")
        let run = try LiveCommand(["run", path.path, "--output", report.path])
        #expect(await run.line { isProgressLine($0, round: 2) } != nil, "stdout: \(run.stdout)\nstderr: \(run.stderr)")
        try Self.moveEveryTrainingLabelToTheNextClass(in: copy)
        let pid = try #require(announcedPID(run.stdout, node: "c"))
        kill(pid, SIGKILL)
        let status = await run.wait()
        #expect(status == 0, "stdout: \(run.stdout)\nstderr: \(run.stderr)")

        let rejoinLine = try #require(
            run.stdout.first { $0.contains("node c rejoined: no client's data could be prepared again") },
            "\(run.stdout)")
        for id in [1, 3] {
            #expect(rejoinLine.contains("client \(id) left out: its data is not what the stages prepared"))
        }
        #expect(rejoinLine.contains(" now, ") && rejoinLine.contains(" then"), "\(rejoinLine)")
        let result = try RunReport.load(from: Data(contentsOf: report))
        let node = try #require(result.nodes?.first { $0.name == "c" })
        #expect(node.periods.last?.reason?.contains("client 1 left out") == true, "\(node.periods)")
        let lostRound = try #require(node.lostAtRound)
        let later = result.rounds.filter { $0.round > lostRound }
        #expect(!later.isEmpty && later.allSatisfy { Set($0.completed).isDisjoint(with: [1, 3]) })
        #expect(later.contains { Set($0.completed).isSuperset(of: [0, 2]) }, "\(later.map(\.completed))")
    }

    /// A directory of links to the installed Fashion-MNIST files.
    static func copyOfFashionMNIST(in dir: URL) throws -> URL {
        let copy = dir.appendingPathComponent("fashion-mnist")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in Self.files {
            try FileManager.default.createSymbolicLink(
                atPath: copy.appendingPathComponent(name).path,
                withDestinationPath: "\(FashionMNIST.defaultDirectory)/\(name)")
        }
        return copy
    }

    static let files = [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ]

    /// Replaces `copy`'s training labels with each label moved to the next class (9 wraps to 0),
    /// compressed with gzip as the original.
    static func moveEveryTrainingLabelToTheNextClass(in copy: URL) throws {
        let target = copy.appendingPathComponent("train-labels-idx1-ubyte.gz")
        let raw = copy.appendingPathComponent("labels.idx")
        try Self.shell("gzip -dc \(FashionMNIST.defaultDirectory)/train-labels-idx1-ubyte.gz > '\(raw.path)'")
        var bytes = [UInt8](try Data(contentsOf: raw))
        // An IDX label file: an 8-byte header (magic, count), then one byte per label.
        for i in 8..<bytes.count { bytes[i] = (bytes[i] + 1) % 10 }
        try Data(bytes).write(to: raw)
        try FileManager.default.removeItem(at: target)
        try Self.shell("gzip -c '\(raw.path)' > '\(target.path)'")
    }

    static func shell(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(command) failed")
    }
}
