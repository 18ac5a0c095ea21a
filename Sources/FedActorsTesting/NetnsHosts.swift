import Foundation

/// Simulated hosts (network namespaces on a bridge) made by `scripts/netns-hosts` for one test:
/// each set has a random prefix of its own (`t` + 4 random characters: hosts `tk3z9h1`…) and a
/// random /24 of 10.100–199.x that no interface of the machine uses, so two test runs (or a test
/// and a user's `scripts/netns-hosts up`) on one machine cannot touch each other's hosts.
/// ``down()`` removes exactly this set. Tests that use them are skipped, saying why, when the
/// process is not root.
package struct NetnsHosts: Sendable {
    /// The prefix of every name of this set: hosts `<prefix>h1`…, the bridge `<prefix>br0`.
    package let prefix: String
    /// The first three octets of the set's /24, e.g. `10.142.7`.
    package let base: String
    /// The number of hosts.
    package let count: Int

    /// Why namespaces cannot be used here, or nil when they can.
    package static var unavailableReason: String? {
        if getuid() != 0 { return "network namespaces need root (CI runs as root)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
            && !FileManager.default.isExecutableFile(atPath: "/sbin/ip")
        {
            return "iproute2 is not installed (scripts/setup installs it)"
        }
        return nil
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/netns-hosts")
    }

    /// Creates `count` hosts under a fresh prefix and subnet (a few are tried should one be taken).
    package static func up(_ count: Int) throws -> NetnsHosts {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            let prefix = "t" + String((0..<4).map { _ in letters.randomElement() ?? "x" })
            let hosts = NetnsHosts(
                prefix: prefix, base: "10.\(Int.random(in: 100...199)).\(Int.random(in: 0...255))", count: count)
            do {
                try run(["up", String(count), "--prefix", prefix, "--subnet", "\(hosts.base).0/24"])
                return hosts
            } catch {
                lastError = error
            }
        }
        throw lastError ?? CocoaError(.executableLoad)
    }

    /// The namespaces of the machine (`ip netns list`), for tests that check what exists.
    package static func namespaces() throws -> Set<String> {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip")
        process.arguments = ["netns", "list"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Set(text.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    /// Removes this set's hosts, links and bridge (and nothing else).
    package func down() {
        try? Self.run(["down", "--prefix", prefix])
    }

    /// The hosts' namespace names, `<prefix>h1`….
    package var names: [String] { (1...count).map { name(of: $0) } }
    /// The hosts' addresses, `<base>.1`….
    package var addresses: [String] { (1...count).map { address(of: $0) } }
    /// The address of the root namespace on the hosts' bridge.
    package var rootAddress: String { "\(base).254" }

    /// The namespace name of host `index` (1-based).
    package func name(of index: Int) -> String { "\(prefix)h\(index)" }
    /// The address of host `index` (1-based).
    package func address(of index: Int) -> String { "\(base).\(index)" }

    /// The arguments of `ip` that run a program inside host `index` (1-based).
    package func exec(host index: Int) -> [String] { ["netns", "exec", name(of: index)] }

    /// `text` (a topology written for `scripts/netns-hosts up` with its defaults) with this set's
    /// names and addresses: `fa-h<i>` → `<prefix>h<i>`, `10.77.0.<i>` → `<base>.<i>`.
    package func substituted(into text: String) -> String {
        text.replacingOccurrences(of: "fa-h", with: "\(prefix)h").replacingOccurrences(of: "10.77.0.", with: "\(base).")
    }

    /// Runs `scripts/netns-hosts` with `arguments`; throws (with what it said on standard error) when it fails.
    package static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(
                .executableLoad,
                userInfo: [
                    NSLocalizedDescriptionKey:
                        """
                    scripts/netns-hosts \(arguments.joined(separator: " ")) failed with status \
                    \(process.terminationStatus): \(said)
                    """
                ])
        }
    }
}
