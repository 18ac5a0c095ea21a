internal import COpenBLAS
import Foundation

/// Which OpenBLAS kernels the process runs, and wider ones for a CPU that OpenBLAS does not recognise.
///
/// OpenBLAS picks its kernels once, when the library loads, from the CPU model. A model newer than the
/// OpenBLAS build (Debian 12's 0.3.21 on a recent Xeon, measured here) falls back to its oldest x86-64
/// kernels ("Prescott", SSE3), although the CPU has AVX-512: sgemm runs at 16–29 GFLOP/s instead of
/// ~100, and the FedAvg CNN trains 3.3× slower (LearningBench). OpenBLAS honours `OPENBLAS_CORETYPE`
/// set before it loads, so ``relaunchWithWiderKernelsIfNeeded()`` re-executes the program with it set.
public enum BLASKernels {
    /// OpenBLAS's name for the kernels in use, e.g. "Haswell", "SkylakeX", "Prescott".
    public static var active: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's generic or pre-AVX kernel families: what it falls back to for a CPU it does not know.
    static let fallbacks: Set<String> = [
        "prescott", "katmai", "coppermine", "northwood", "banias", "core2", "penryn", "dunnington", "nehalem", "atom",
        "unknown",
    ]

    /// The kernel family to ask for when OpenBLAS runs `active` on a CPU with `cpuFlags` (from
    /// /proc/cpuinfo), or nil when `active` is already right for it or the CPU has nothing wider.
    package static func recommendation(active: String, cpuFlags: Set<String>) -> String? {
        guard fallbacks.contains(active.lowercased()) else { return nil }
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(cpuFlags.contains) {
            return "SkylakeX"
        }
        if ["avx2", "fma"].allSatisfy(cpuFlags.contains) { return "Haswell" }
        return nil
    }

    /// The CPU feature flags of /proc/cpuinfo's first processor (empty when the text has none).
    package static func cpuFlags(cpuinfo: String) -> Set<String> {
        guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }

    /// When OpenBLAS runs fallback kernels on a CPU that has wider ones, and neither
    /// `OPENBLAS_CORETYPE` nor `FEDACTORS_BLAS_KERNELS=keep` is set, re-executes this program (same
    /// arguments, same process id) with `OPENBLAS_CORETYPE` set; processes it starts inherit it, and
    /// `fallbackEnvironmentKey` names the kernels OpenBLAS had picked. Returns when there is nothing
    /// to do, or when the re-execution fails (the program then goes on as it is).
    /// Call it first thing in `main`, before any thread starts.
    public static func relaunchWithWiderKernelsIfNeeded() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["FEDACTORS_BLAS_KERNELS"] != "keep",
            let wider = recommendationForThisCPU()
        else { return }
        setenv("OPENBLAS_CORETYPE", wider, 1)
        setenv(fallbackEnvironmentKey, active, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when execv failed: keep the kernels already loaded, and do not pass the setting on.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(fallbackEnvironmentKey)
    }

    /// Set by ``relaunchWithWiderKernelsIfNeeded()`` to the kernels OpenBLAS picked on its own.
    package static let fallbackEnvironmentKey = "FEDACTORS_BLAS_FALLBACK"

    /// `recommendation(active:cpuFlags:)` for the kernels loaded now and this machine's CPU.
    public static func recommendationForThisCPU() -> String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        return recommendation(active: active, cpuFlags: cpuFlags(cpuinfo: cpuinfo))
    }
}
