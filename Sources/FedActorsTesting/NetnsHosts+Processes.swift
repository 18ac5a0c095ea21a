import Foundation

extension NetnsHosts {
    /// The program names (`/proc/PID/comm`) of the processes in host `index`'s namespace: to see that
    /// a node started there is gone.
    public func programs(inHost index: Int) throws -> [String] {
        let ip = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") ? "/usr/sbin/ip" : "/sbin/ip"
        let pids = try HelperProgram.run(ip, ["netns", "pids", name(of: index)]).split(separator: "\n")
        return pids.compactMap { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
