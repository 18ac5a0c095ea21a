import Foundation
import Learning
import Testing

/// Which kernels to ask OpenBLAS for, from the kernels it chose and the CPU's flags.
@Suite struct BLASKernelsTests {
    static let avx512 = Set(["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"])

    @Test func aFallbackOnAWideCPUAsksForTheWidestKernelsItCanRun() {
        #expect(BLASKernels.recommendation(active: "Prescott", cpuFlags: Self.avx512) == "SkylakeX")
        #expect(BLASKernels.recommendation(active: "Prescott", cpuFlags: ["sse3", "avx", "avx2", "fma"]) == "Haswell")
        #expect(BLASKernels.recommendation(active: "Prescott", cpuFlags: ["sse3", "avx"]) == nil)
        // Only a fallback is overridden: kernels OpenBLAS chose for a CPU it knows stay.
        #expect(BLASKernels.recommendation(active: "Haswell", cpuFlags: Self.avx512) == nil)
        #expect(BLASKernels.recommendation(active: "SkylakeX", cpuFlags: Self.avx512) == nil)
        #expect(BLASKernels.recommendation(active: "Cooperlake", cpuFlags: Self.avx512) == nil)
    }

    @Test func cpuFlagsAreTheFirstProcessorsFlagsLine() {
        let text =
            "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse3 avx2 fma\nprocessor\t: 1\nflags\t\t: fpu\n"
        #expect(BLASKernels.cpuFlags(cpuinfo: text) == ["fpu", "sse3", "avx2", "fma"])
        #expect(BLASKernels.cpuFlags(cpuinfo: "no flags here").isEmpty)
    }

    @Test func theActiveKernelsHaveAName() {
        #expect(!BLASKernels.active.isEmpty)
    }
}
