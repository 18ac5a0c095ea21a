import Foundation

extension NetnsHosts {
    /// The program names (`/proc/PID/comm`) of the processes in host `index`'s namespace: to see that
    /// a node started there is gone.
    package func programs(inHost index: Int) throws -> [String] {
        try processIDs(inHost: index).compactMap(Self.programName(of:))
    }

    /// The ids of the processes named `program` in host `index` of `hosts`.
    package static func processIDs(named program: String, in hosts: NetnsHosts, host index: Int) throws -> [Int32] {
        try hosts.processIDs(inHost: index).filter { programName(of: $0) == program }
    }

    /// The ids of the processes in host `index`'s namespace (`ip netns pids`).
    func processIDs(inHost index: Int) throws -> [Int32] {
        let ip = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"
        return try HelperProgram.run(ip, ["netns", "pids", name(of: index)]).split(separator: "\n").compactMap {
            Int32($0)
        }
    }

    private static func programName(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }
}
