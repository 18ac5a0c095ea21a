import Foundation

/// A link emulation command failed: which one, and what it said.
package struct LinkEmulationError: Error, Sendable, Equatable, CustomStringConvertible {
    package let message: String
    package var description: String { message }
}

extension LinkEmulation {
    /// Whether this kernel has tc netem: tried (and removed) on the loopback of `namespace`, which
    /// nothing else uses, so the probe disturbs no traffic.
    package static func kernelHasNetem(probeNamespace namespace: String) -> Bool {
        let added =
            (try? run([
                "ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "0ms",
            ])) != nil
        if added { _ = try? run(["ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev", "lo", "root"]) }
        return added
    }

    /// Runs the commands in order with `runner`; throws at the first that fails, naming it. Needs root.
    package func apply(with runner: some LinkCommandRunner = SystemLinkCommands()) throws(LinkEmulationError) {
        for command in commands { try runner.run(command) }
    }

    /// Runs `clearing` commands with `runner`, ignoring those that fail (what was never applied).
    package static func clear(_ commands: [[String]], with runner: some LinkCommandRunner = SystemLinkCommands()) {
        for command in commands { _ = try? runner.run(command) }
    }

    /// Runs one command through `env` (which finds `ip`, `tc` and `nft` on the PATH).
    static func run(_ words: [String]) throws(LinkEmulationError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (environment["PATH"].map { $0 + ":" } ?? "") + "/usr/sbin:/sbin"
        process.environment = environment
        process.arguments = words
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw LinkEmulationError(
                message: "could not run `\(words.joined(separator: " "))`: \(error.localizedDescription)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0, let program = words.first(where: { ["nft", "tc"].contains($0) }),
            !["/usr/sbin", "/sbin", "/usr/bin", "/bin"].contains(where: {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
            })
        {
            throw LinkEmulationError(
                message:
                    """
                    `\(words.joined(separator: " "))` failed: `\(program)` is not installed (scripts/setup installs \
                    iproute2 and nftables)
                    """
            )
        }
        guard process.terminationStatus == 0 else {
            throw LinkEmulationError(
                message:
                    """
                    `\(words.joined(separator: " "))` failed (status \(process.terminationStatus)): \
                    \(said.trimmingCharacters(in: .whitespacesAndNewlines)) — run as root, on hosts made by \
                    scripts/netns-hosts up
                    """
            )
        }
    }
}
