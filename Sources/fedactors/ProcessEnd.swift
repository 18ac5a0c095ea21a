import Glibc

/// How the program ends. An interrupted or time-budgeted run can end while a client's training is
/// still inside OpenBLAS on another thread (an in-process node's actors are not joined at exit);
/// glibc's `exit` then runs OpenBLAS's library destructor, which frees the buffers that call is
/// using, and the process crashed with SIGSEGV instead of exiting 130. So the program ends by
/// flushing its output and calling `_exit` with `exit`'s status, skipping library destructors (the
/// kernel reclaims their memory; nothing of ours runs at exit).
enum ProcessEnd {
    /// Registers the handler; glibc runs handlers in the reverse order of registration, so the ones
    /// registered later (by Foundation or the Swift runtime) still run before this one.
    static func skipLibraryDestructorsAtExit() {
        _ = on_exit(
            { status, _ in
                fflush(nil)
                _exit(status)
            }, nil)
    }
}
