import Foundation

/// Simulated hosts (network namespaces fa-h1…fa-hN on 10.77.0.0/24) made by `scripts/netns-hosts`.
/// Tests that use them are skipped, saying why, when the process is not root.
public enum NetnsHosts {
    /// Why namespaces cannot be used here, or nil when they can.
    public static var unavailableReason: String? {
        if getuid() != 0 { return "network namespaces need root (CI runs as root)" }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") && !FileManager.default.isExecutableFile(atPath: "/sbin/ip") {
            return "iproute2 is not installed (scripts/setup installs it)"
        }
        return nil
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/netns-hosts")
    }

    /// Creates `count` hosts; returns their addresses (10.77.0.1…).
    public static func up(_ count: Int) throws -> [String] {
        try run(["up", String(count)])
        return (1...count).map { "10.77.0.\($0)" }
    }

    /// Removes every simulated host.
    public static func down() {
        try? run(["down"])
    }

    /// The address of the root namespace on the hosts' bridge.
    public static let rootAddress = "10.77.0.254"

    /// The command prefix that runs a program inside host `index` (1-based).
    public static func exec(host index: Int) -> [String] { ["netns", "exec", "fa-h\(index)"] }

    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "scripts/netns-hosts \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)"])
        }
    }
}
