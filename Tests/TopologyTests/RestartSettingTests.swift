import Testing
import Topology

/// The host setting `restart`: `never` (default) or `on-failure`, for the hosts the launcher starts.
@Suite struct RestartSettingTests {
    static func topology(hosts: String) -> String {
        """
        name: x
        hosts:
        \(hosts)
        clients:
          - {group: a, count: 2, host: h}
        data: {dataset: fashion-mnist, partition: iid}
        model: logreg
        strategy: fedavg
        training: {rounds: 1}
        """
    }

    @Test func localAndCommandHostsTakeOnFailureAndTheDefaultIsNever() throws {
        let local = try TopologyReader.parse(
            Self.topology(hosts: "  - {name: h, start: local, restart: on-failure}\n  - {name: g, start: local}"))
        #expect(local.hosts.map(\.restart) == [.onFailure, .never])
        let command = try TopologyReader.parse(
            Self.topology(
                hosts:
                    "  - {name: h, start: command, command: [fedactors, node, --bind, \"tcp://127.0.0.1:0\"], restart: on-failure}"
            ))
        #expect(command.hosts.first?.restart == .onFailure)
    }

    @Test func otherValuesAndOtherHostKindsAreRefusedAtTheirLine() {
        for (hosts, message) in [
            ("  - {name: h, start: local, restart: always}", "on-failure"),
            (
                "  - {name: h, start: running, endpoint: \"tcp://127.0.0.1:7000\", restart: on-failure}",
                "only to `local`, `command`, `ssh` and `slurm` hosts"
            ),
            (
                "  - {name: h, start: inprocess, restart: on-failure}",
                "only to `local`, `command`, `ssh` and `slurm` hosts"
            ),
        ] {
            do {
                _ = try TopologyReader.parse(Self.topology(hosts: hosts))
                Issue.record("\(hosts) should not validate")
            } catch let error as TopologyError {
                #expect(error.issues.map(\.field) == ["hosts[0].restart"], "\(error.issues)")
                #expect(error.issues.first?.line == 3, "\(error.issues)")
                #expect(error.issues.first?.message.contains(message) == true, "\(error.issues)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
