import ActorMesh
import Foundation
import Glibc

/// An OpenSSH server (Debian's openssh-server) that a test starts inside one of its network-namespace
/// hosts, with a host key and a user key made for it in a temporary directory: nothing it uses is
/// shared with another run (the namespace and its address are the test's own) but sshd's fixed
/// privilege-separation directory, `/run/sshd`, an empty directory it only enters.
///
/// sshd runs in the foreground (`-D -e`) with its own configuration (`-f`): `UsePAM no` (no PAM stack
/// or login accounting in a sandbox), `StrictModes no` (the keys live in a world-readable temporary
/// directory), public keys only, and root may log in with a key (the tests run as root, the user
/// the nodes then run as). ``stop()`` (or deinit) ends it.
package final class TestSSHServer {
    /// The temporary directory with the keys, the configuration and sshd's log.
    package let directory: URL
    /// Where it listens.
    package let address: String
    package let port: Int
    /// The user key's private half, for `identity:`.
    package var identity: String { directory.appendingPathComponent("user_key").path }
    /// A known-hosts file with this server's host key, for `known_hosts:`.
    package var knownHosts: String { directory.appendingPathComponent("known_hosts").path }
    private let daemon: TestDaemon

    /// Why an sshd cannot be started here, or nil when it can.
    package static var unavailableReason: String? {
        if let reason = NetnsHosts.unavailableReason { return reason }
        for program in ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"]
        where !FileManager.default.isExecutableFile(atPath: program) {
            return "\(program) is missing (scripts/setup installs openssh-server)"
        }
        return nil
    }

    /// Starts sshd in host `index` of `hosts`, on its address and `port`, and waits until it listens.
    package init(in hosts: NetnsHosts, host index: Int, port: Int = 2222) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sshd-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        address = hosts.address(of: index)
        self.port = port
        for key in ["host_key", "user_key"] {
            _ = try HelperProgram.run(
                "/usr/bin/ssh-keygen",
                [
                    "-q", "-t", "ed25519", "-N", "", "-C", "fedactors-test", "-f",
                    directory.appendingPathComponent(key).path,
                ])
        }
        let hostKey = try String(contentsOf: directory.appendingPathComponent("host_key.pub"), encoding: .utf8)
        try "[\(address)]:\(port) \(hostKey)".write(
            toFile: directory.appendingPathComponent("known_hosts").path, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("user_key.pub"),
            to: directory.appendingPathComponent("authorized_keys"))
        let config = directory.appendingPathComponent("sshd_config")
        try """
        ListenAddress \(address):\(port)
        HostKey \(directory.appendingPathComponent("host_key").path)
        AuthorizedKeysFile \(directory.appendingPathComponent("authorized_keys").path)
        PidFile \(directory.appendingPathComponent("sshd.pid").path)
        UsePAM no
        StrictModes no
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PermitRootLogin prohibit-password
        """.write(to: config, atomically: true, encoding: .utf8)
        // sshd refuses to start without its privilege-separation directory (compiled in).
        try FileManager.default.createDirectory(
            atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let ip = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"
        daemon = try TestDaemon(
            ip, hosts.exec(host: index) + ["/usr/sbin/sshd", "-D", "-e", "-f", config.path],
            log: directory.appendingPathComponent("sshd.log"))
        do {
            try await HelperProgram.waitFor(
                "Server listening on", in: daemon.log, what: "sshd in \(hosts.name(of: index))")
        } catch {
            stop()
            throw error
        }
    }

    /// `user@address` for a topology's `address:`.
    package var login: String { "root@\(address)" }

    /// sshd's log so far (for a failing test's message).
    package var log: String { daemon.output }

    /// Stops sshd (sessions it started end with their clients) and removes the directory.
    package func stop() {
        daemon.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
