import Foundation

/// Whether a host of a topology can be reached, checked before a launch starts anything (`fedactors
/// launch --dry-run`): an ssh host logs in and runs `true`, a running host's endpoint accepts a TCP
/// connection, a slurm host's scheduler answers `sinfo`. A command host cannot be checked without
/// running its command.
package struct HostReachability: Sendable, Equatable {
    package enum Verdict: Sendable, Equatable {
        case reachable
        case unreachable
        /// Nothing to check without starting the node (a command host).
        case unchecked
    }
    package let host: String
    package let verdict: Verdict
    /// How it was checked, or why it failed.
    package let detail: String

    /// Checks `host` (ssh and sinfo calls give up after `timeout` seconds).
    package static func check(_ host: HostSpec, meshKey: String?, timeout: Int = 5) async -> HostReachability {
        switch host.start {
        case .local, .inProcess:
            return HostReachability(host: host.name, verdict: .reachable, detail: "this machine")
        case .command:
            return HostReachability(
                host: host.name, verdict: .unchecked,
                detail: "a command host cannot be checked without running its command")
        case .running:
            let endpoint = host.endpoint ?? host.bind
            if let problem = TCPProbe.problem(connectingTo: endpoint, timeout: .seconds(timeout)) {
                return HostReachability(host: host.name, verdict: .unreachable, detail: problem)
            }
            return HostReachability(host: host.name, verdict: .reachable, detail: "\(endpoint) accepts connections")
        case .ssh(let target):
            let probe = SSHCommand(target: target, bind: host.bind, meshKey: meshKey).probeArguments(
                connectTimeout: timeout)
            let outcome = await ProgramOutcome.run("ssh", probe, timeout: .seconds(timeout * 3))
            return outcome.failure.map {
                HostReachability(host: host.name, verdict: .unreachable, detail: "ssh \(target.address): \($0)")
            }
                ?? HostReachability(host: host.name, verdict: .reachable, detail: "ssh \(target.address) logged in")
        case .slurm(let placement):
            let arguments =
                ["--noheader", "--format=%P %a"] + (placement.partition.map { ["--partition=\($0)"] } ?? [])
            let outcome = await ProgramOutcome.run("sinfo", arguments, timeout: .seconds(timeout * 3))
            if let failure = outcome.failure {
                return HostReachability(host: host.name, verdict: .unreachable, detail: "sinfo: \(failure)")
            }
            guard !outcome.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return HostReachability(
                    host: host.name, verdict: .unreachable,
                    detail: "sinfo lists no partition \(placement.partition ?? "")")
            }
            return HostReachability(
                host: host.name, verdict: .reachable,
                detail: "the scheduler answers (sinfo: \(outcome.output.split(separator: "\n").first ?? ""))")
        }
    }

    /// One line for the dry run: `host: reachable (how)`.
    package var line: String {
        switch verdict {
        case .reachable: "\(host): reachable (\(detail))"
        case .unreachable: "\(host): NOT reachable: \(detail)"
        case .unchecked: "\(host): not checked: \(detail)"
        }
    }
}
