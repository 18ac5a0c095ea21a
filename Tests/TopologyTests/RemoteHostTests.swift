import Foundation
import Testing
import Topology

/// `start: ssh` and `start: slurm` hosts: their fields as read, their located refusals, and the exact
/// ssh and srun command lines the launcher runs.
@Suite struct RemoteHostTests {
    /// RestartSettingTests' topology (2 clients on host h), with a server the remote hosts can reach.
    static func topology(hosts: String) -> String {
        RestartSettingTests.topology(hosts: hosts) + "\nserver: {bind: \"tcp://10.0.0.254:0\"}"
    }

    /// A file that exists, for `identity` and `known_hosts`.
    static func scratchFile() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remote-host-\(UUID())")
        try Data("x".utf8).write(to: url)
        return url.path
    }

    @Test func anSSHHostReadsEveryFieldAndBindsItsOwnAddressByDefault() throws {
        let key = try Self.scratchFile(), known = try Self.scratchFile()
        defer { try? FileManager.default.removeItem(atPath: key); try? FileManager.default.removeItem(atPath: known) }
        let spec = try TopologyReader.parse(
            Self.topology(
                hosts: """
                      - {name: h, start: ssh, address: ann@10.0.0.5, port: 2222, identity: \(key), known_hosts: \
                    \(known), workdir: /srv/fl, fedactors: /opt/fa/bin/fedactors, restart: on-failure}
                    """))
        let host = try #require(spec.hosts.first)
        #expect(
            host.start
                == .ssh(
                    SSHTarget(
                        address: "ann@10.0.0.5", port: 2222, identity: key, workdir: "/srv/fl",
                        fedactors: "/opt/fa/bin/fedactors", knownHosts: known)))
        #expect(host.bind == "tcp://10.0.0.5:0")
        #expect(host.restart == .onFailure)
    }

    @Test func aSlurmHostReadsEveryFieldAndBindsEveryAddressByDefault() throws {
        let spec = try TopologyReader.parse(
            Self.topology(
                hosts: """
                      - {name: h, start: slurm, partition: gpu, nodelist: "node[1-2]", time: "1:30:00", workdir: \
                    /scratch/fl, srun_args: [--account=ml, --mem=4G]}
                    """))
        let host = try #require(spec.hosts.first)
        #expect(
            host.start
                == .slurm(
                    SlurmPlacement(
                        partition: "gpu", nodelist: "node[1-2]", time: "1:30:00", workdir: "/scratch/fl",
                        srunArguments: ["--account=ml", "--mem=4G"])))
        #expect(host.bind == "tcp://0.0.0.0:0")
    }

    @Test func badRemoteFieldsAreRefusedAtTheirLineSayingWhatToDo() {
        for (hosts, field, message) in [
            ("  - {name: h, start: ssh}", "hosts[0].address", "missing: expected the machine to log in to"),
            ("  - {name: h, start: ssh, address: -oProxyCommand=x}", "hosts[0].address", "not starting with '-'"),
            ("  - {name: h, start: ssh, address: \"ann@a b\"}", "hosts[0].address", "no spaces"),
            ("  - {name: h, start: ssh, address: ann@10.0.0.5, port: 70000}", "hosts[0].port", "1...65535"),
            (
                "  - {name: h, start: ssh, address: ann@10.0.0.5, identity: /nonexistent/key}", "hosts[0].identity",
                "not a file here"
            ),
            (
                "  - {name: h, start: ssh, address: ann@box.example}", "hosts[0].bind",
                "give bind: tcp://<an address of box.example>"
            ),
            (
                "  - {name: h, start: ssh, address: ann@10.0.0.5, partition: gpu}", "hosts[0].partition",
                "only used with start: slurm"
            ),
            ("  - {name: h, start: local, address: ann@10.0.0.5}", "hosts[0].address", "only used with start: ssh"),
            (
                "  - {name: h, start: slurm, workdir: /x, command: [a]}", "hosts[0].command",
                "only used with start: command"
            ),
            ("  - {name: h, start: slurm, time: soon}", "hosts[0].time", "Slurm time limit"),
            (
                "  - {name: h, start: slurm, srun_args: [--export=NONE]}", "hosts[0].srun_args[0]",
                "the launcher sets it"
            ),
        ] {
            do {
                _ = try TopologyReader.parse(Self.topology(hosts: hosts))
                Issue.record("\(hosts) should not validate")
            } catch let error as TopologyError {
                #expect(error.issues.map(\.field) == [field], "\(hosts): \(error.issues)")
                #expect(error.issues.first?.line == 3, "\(error.issues)")
                #expect(error.issues.first?.message.contains(message) == true, "\(hosts): \(error.issues)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    /// A loopback server cannot be reached from another machine: refused for ssh hosts as for commands.
    @Test func anSSHHostNeedsAServerItCanReach() throws {
        let text = Self.topology(hosts: "  - {name: h, start: ssh, address: ann@10.0.0.5}").replacingOccurrences(
            of: "tcp://10.0.0.254:0", with: "tcp://127.0.0.1:0")
        #expect(throws: TopologyError.self) { try TopologyReader.parse(text) }
    }

    @Test func theSSHCommandIsBatchStrictAndCarriesNoToken() {
        let target = SSHTarget(
            address: "ann@10.0.0.5", port: 2222, identity: "/k/id", workdir: "/srv/it's",
            fedactors: "/opt/fa/fedactors", knownHosts: "/k/known")
        let command = SSHCommand(target: target, bind: "tcp://10.0.0.5:0", meshKey: "keys/mesh.key")
        #expect(
            command.arguments == [
                "-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-o",
                "ServerAliveInterval=5",
                "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR", "-p", "2222", "-i", "/k/id", "-o",
                "IdentitiesOnly=yes",
                "-o", "UserKnownHostsFile=/k/known", "--", "ann@10.0.0.5",
                #"cd '/srv/it'\''s' && read -r FEDACTORS_RUN_TOKEN && export FEDACTORS_RUN_TOKEN && exec '/opt/fa/fedactors' 'node' '--bind' 'tcp://10.0.0.5:0' '--curve-mesh-key' 'keys/mesh.key'"#,
            ])
        #expect(
            SSHCommand(target: SSHTarget(address: "h"), bind: "tcp://1.2.3.4:0").probeArguments(connectTimeout: 3)
                .suffix(3) == ["--", "h", "true"])
        #expect(SSHCommand.input(runToken: "00ff") == "00ff\n")
    }

    @Test func theSrunCommandIsOneStepWithTheTokenInItsEnvironment() {
        let placement = SlurmPlacement(
            partition: "gpu", nodelist: "n1", time: "30", workdir: "/scratch", srunArguments: ["--mem=4G"])
        let command = SrunCommand(
            hostName: "edge", placement: placement, bind: SrunCommand.defaultBind, executable: "/opt/fa/fedactors",
            meshKey: "/k/mesh.key")
        #expect(
            command.arguments == [
                "--job-name=fedactors-edge", "--nodes=1", "--ntasks=1", "--export=ALL", "--input=all", "--quiet",
                "--partition=gpu",
                "--nodelist=n1", "--time=30", "--chdir=/scratch", "--mem=4G",
                "/opt/fa/fedactors", "node", "--bind", "tcp://0.0.0.0:0", "--advertise-hostname", "--curve-mesh-key",
                "/k/mesh.key",
            ])
        let bare = SrunCommand(
            hostName: "h", placement: SlurmPlacement(fedactors: "/cluster/fedactors"), bind: "tcp://0.0.0.0:7000",
            executable: "/here/fedactors")
        #expect(
            bare.arguments == [
                "--job-name=fedactors-h", "--nodes=1", "--ntasks=1", "--export=ALL", "--input=all", "--quiet",
                "/cluster/fedactors", "node", "--bind", "tcp://0.0.0.0:7000", "--advertise-hostname",
            ])
    }
}
