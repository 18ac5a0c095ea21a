import ArgumentParser
import Foundation
import Learning

/// `fedactors kernels`: which OpenBLAS kernels this machine runs, and whether fedactors overrides
/// OpenBLAS's own choice (see ``BLASKernels``).
struct KernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Show the OpenBLAS kernels fedactors runs on this machine.",
        discussion: """
            OpenBLAS picks its kernels from the CPU model when it loads and falls back to old SSE3 ones \
            for a CPU newer than itself; fedactors then re-executes with OPENBLAS_CORETYPE set to the \
            widest family the CPU supports. --override prints only that OPENBLAS_CORETYPE value (nothing \
            when OpenBLAS's own choice stands), for scripts that start other programs on OpenBLAS.
            """)

    @Flag(help: "Print only the OPENBLAS_CORETYPE value fedactors sets on this machine, or nothing.")
    var override = false

    func run() {
        let environment = ProcessInfo.processInfo.environment
        // Present when this process is the relaunch: it names what OpenBLAS had picked by itself.
        let own = environment[BLASKernels.fallbackEnvironmentKey]
        if override {
            if own != nil, let chosen = environment["OPENBLAS_CORETYPE"] { print(chosen) }
            return
        }
        print("running: \(BLASKernels.active)")
        if let own {
            print(
                """
                OpenBLAS alone: \(own) (fedactors set OPENBLAS_CORETYPE=\(BLASKernels.active); \
                FEDACTORS_BLAS_KERNELS=keep keeps OpenBLAS's choice)
                """
            )
        } else if let asked = environment["OPENBLAS_CORETYPE"] {
            print("chosen by OPENBLAS_CORETYPE=\(asked)")
        } else {
            print("OpenBLAS's own choice")
        }
    }
}
