import FedActorsTesting
import Federation
import Foundation
import Testing

/// `start: slurm` for real: a one-machine Slurm cluster (munge, slurmctld, slurmd) started by the
/// test, and `fedactors launch` placing each host's node as one srun job step.
@Suite(
    .serialized,
    .enabled(
        if: TestSlurmCluster.unavailableReason == nil && NetnsHosts.unavailableReason == nil,
        "\(TestSlurmCluster.unavailableReason ?? NetnsHosts.unavailableReason ?? "")"))
struct SlurmLaunchTests {
    /// Two slurm hosts, each a job step on the cluster's node; the run completes with its report, the
    /// nodes announced the machine's host name, and the dry run found the scheduler.
    @Test func aRunWhoseNodesAreSlurmJobStepsCompletes() async throws {
        // The server needs an address that is not loopback (a slurm node may be on another machine):
        // the bridge of a namespace set of this test's own.
        let hosts = try NetnsHosts.up(1)
        defer { hosts.down() }
        let cluster = try await TestSlurmCluster()
        defer { cluster.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-run-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = dir.appendingPathComponent("slurm.yaml"), json = dir.appendingPathComponent("report.json")
        try """
        name: on-slurm
        seed: 3
        hosts:
          - {name: a, start: slurm, partition: \(cluster.partition), time: "10", workdir: \(dir.path)}
          - {name: b, start: slurm, partition: \(cluster.partition), srun_args: [--cpus-per-task=1]}
        server: {bind: "tcp://\(hosts.rootAddress):0"}
        clients:
          - {group: g, count: 4, hosts: [a, b]}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 2, local_epochs: 1, batch_size: 64, learning_rate: 0.1}
        """.write(to: topology, atomically: true, encoding: .utf8)

        let plan = try await DemoCommandTests().run(
            ["launch", topology.path, "--dry-run"], environment: cluster.environment)
        #expect(plan.status == 0, "stdout: \(plan.stdout)\nstderr: \(plan.stderr)")
        #expect(plan.stdout.contains("a: reachable (the scheduler answers"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains("--partition=\(cluster.partition) --time=10 --chdir=\(dir.path)"), "\(plan.stdout)")

        let result = try await DemoCommandTests().run(
            ["launch", topology.path, "--output", json.path], environment: cluster.environment)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try RunReport.load(from: Data(contentsOf: json))
        #expect(report.rounds.count == 2)
        #expect(report.rounds.allSatisfy { $0.completed.count == 4 }, "\(report.rounds.map(\.completed))")
        let machine = ProcessInfo.processInfo.hostName
        #expect(report.ledgers.keys.filter { $0.hasPrefix("tcp://\(machine):") }.count == 2, "\(report.ledgers.keys)")
        #expect(result.stderr.contains("[a] fedactors node tcp://\(machine):"), "\(result.stderr)")
    }
}
