import Foundation

/// Samples the resident memory of a process and all its descendants from /proc, keeping the peak.
final class ProcessTreeSampler: @unchecked Sendable {
    // @unchecked: `peak` and `samples` are written only by the sampling thread and read after `stop()`
    // has joined it (the semaphore orders the accesses).
    private let root: pid_t
    private let interval: Double
    private var running = true
    private let done = DispatchSemaphore(value: 0)
    private(set) var peakBytes = 0
    private(set) var samples = 0

    init(root: pid_t, intervalSeconds: Double = 0.02) {
        self.root = root
        self.interval = intervalSeconds
    }

    func start() {
        let thread = Thread { [self] in
            while running {
                peakBytes = max(peakBytes, Self.treeResidentBytes(root))
                samples += 1
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.start()
    }

    func stop() {
        running = false
        done.wait()
    }

    /// Resident bytes of `root` and every process whose ancestry leads to it.
    static func treeResidentBytes(_ root: pid_t) -> Int {
        var parent: [pid_t: pid_t] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state, then ppid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = pid_t(fields[1]) { parent[pid] = ppid }
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var total = 0
        for pid in parent.keys where isDescendant(pid, of: root, parent) {
            guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { continue }
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { total += pages * page }
        }
        return total
    }

    private static func isDescendant(_ pid: pid_t, of root: pid_t, _ parent: [pid_t: pid_t]) -> Bool {
        var current = pid
        for _ in 0..<64 {
            if current == root { return true }
            guard let p = parent[current], p > 1 else { return false }
            current = p
        }
        return false
    }
}
