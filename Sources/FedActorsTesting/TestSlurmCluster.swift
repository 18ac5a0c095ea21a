import ActorMesh
import Foundation

/// A one-machine Slurm cluster (Debian's slurm-wlm: slurmctld, slurmd and munge) that a test starts
/// in a temporary directory of its own: its own munge key and socket, a cluster name, ports and state
/// directories no other run shares. Commands reach it through `SLURM_CONF` (``environment``).
/// The daemons run in the foreground as children of the test and end with ``stop()`` (or deinit).
package final class TestSlurmCluster {
    /// The temporary directory with the configuration, keys, state and logs.
    package let directory: URL
    /// The partition every node of the cluster is in.
    package let partition: String
    private var daemons: [TestDaemon] = []

    /// Why a cluster cannot be started here, or nil when it can.
    package static var unavailableReason: String? {
        if getuid() != 0 { return "slurmd runs jobs as their user and needs root (CI runs as root)" }
        for program in [
            "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/srun", "/usr/bin/sinfo",
        ]
        where !FileManager.default.isExecutableFile(atPath: program) {
            return
                "\(program) is missing (scripts/setup installs slurm-wlm's slurmctld, slurmd, slurm-client and munge)"
        }
        return nil
    }

    /// The environment that points srun and sinfo at this cluster.
    package var environment: [String: String] { ["SLURM_CONF": directory.appendingPathComponent("slurm.conf").path] }

    /// Starts munged, slurmctld and slurmd, and waits until the partition has an idle node.
    package init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "slurm-\(UUID().uuidString.prefix(8).lowercased())")
        partition = "fa"
        let munge = directory.appendingPathComponent("munge")
        for dir in [munge, directory.appendingPathComponent("state"), directory.appendingPathComponent("spool")] {
            try FileManager.default.createDirectory(
                at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let key = munge.appendingPathComponent("munge.key")
        var bytes = SystemRandomNumberGenerator()
        try Data((0..<128).map { _ in UInt8.random(in: 0...255, using: &bytes) }).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        let socket = munge.appendingPathComponent("socket").path
        let host = ProcessInfo.processInfo.hostName
        let cpus = ProcessInfo.processInfo.activeProcessorCount
        let (controllerPort, daemonPort) = (try ClosedPort.recentlyFree(), try ClosedPort.recentlyFree())
        let path = { (name: String) in self.directory.appendingPathComponent(name).path }
        try """
        ClusterName=fa\(directory.lastPathComponent.suffix(8).filter(\.isLetter))
        SlurmctldHost=\(host)(127.0.0.1)
        SlurmctldPort=\(controllerPort)
        SlurmdPort=\(daemonPort)
        AuthType=auth/munge
        AuthInfo=socket=\(socket)
        CredType=cred/munge
        SlurmUser=root
        SlurmdUser=root
        StateSaveLocation=\(path("state"))
        SlurmdSpoolDir=\(path("spool"))
        SlurmctldPidFile=\(path("slurmctld.pid"))
        SlurmdPidFile=\(path("slurmd.pid"))
        SlurmctldLogFile=\(path("slurmctld.log"))
        SlurmdLogFile=\(path("slurmd.log"))
        ProctrackType=proctrack/linuxproc
        TaskPlugin=task/none
        SwitchType=switch/none
        MpiDefault=none
        ReturnToService=2
        SchedulerType=sched/builtin
        SelectType=select/cons_tres
        SelectTypeParameters=CR_Core
        JobCompType=jobcomp/none
        AccountingStorageType=accounting_storage/none
        NodeName=\(host) NodeAddr=127.0.0.1 CPUs=\(cpus) State=UNKNOWN
        PartitionName=\(partition) Nodes=\(host) Default=YES MaxTime=INFINITE State=UP

        """.write(toFile: path("slurm.conf"), atomically: true, encoding: .utf8)
        do {
            try start(
                "/usr/sbin/munged",
                [
                    "-F", "--force", "--key-file=\(key.path)", "--socket=\(socket)", "--pid-file=\(path("munged.pid"))",
                    "--log-file=\(path("munged.log"))", "--seed-file=\(path("munged.seed"))",
                ])
            try await HelperProgram.waitForFile(socket, what: "munged")
            try start("/usr/sbin/slurmctld", ["-D", "-c", "-i"])
            try start("/usr/sbin/slurmd", ["-D", "-c"])
            try await waitUntilIdle()
        } catch {
            stop()
            throw error
        }
    }

    private func start(_ program: String, _ arguments: [String]) throws {
        let name = URL(fileURLWithPath: program).lastPathComponent
        daemons.append(
            try TestDaemon(
                program, arguments, log: directory.appendingPathComponent("\(name).out"), environment: environment))
    }

    /// Waits until sinfo lists the partition's node as idle.
    private func waitUntilIdle(timeout: Duration = .seconds(60)) async throws {
        let clock = ContinuousClock(), end = clock.now + timeout
        var said = ""
        while clock.now < end {
            said =
                (try? HelperProgram.run("/usr/bin/sinfo", ["--noheader", "--format=%t"], environment: environment))
                ?? said
            if said.contains("idle") { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("slurmctld.log"), encoding: .utf8)) ?? ""
        throw MeshError(
            .deadlineExceeded,
            """
            the test cluster's node is not idle after \(timeout) (sinfo: \(said)); slurmctld's log: \
            \(log.suffix(2000))
            """
        )
    }

    /// Stops the daemons (slurmd first) and removes the directory.
    package func stop() {
        for daemon in daemons.reversed() { daemon.stop() }
        daemons = []
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
