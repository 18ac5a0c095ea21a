import Foundation

/// Runs a program under a small `/bin/sh` that keeps its file descriptors open and waits for it.
///
/// Why: Foundation's `Process` on Linux learns that a child ended when a socket the child inherits
/// closes, and then waits for it with a *blocking* `waitpid` on the one thread that watches every
/// child. A program that closes its inherited descriptors when it starts, as `ssh`, `sshd` and
/// other daemons do, looks ended at once, and that thread then blocks until it really ends: no other
/// child's end is noticed meanwhile (seen here: a test hung on `ssh-keygen`'s exit while an `sshd`
/// ran). The shell keeps the socket open, runs the program in the foreground with its own standard
/// input, output and error, and exits with its status (128 + N when signal N ended it).
///
/// The program runs in the foreground, not in the background with the `wait` builtin: a child
/// started from a Swift task inherits a dispatch thread's signal mask, SIGCHLD and SIGTERM blocked,
/// and `wait` (which sleeps until SIGCHLD) would never wake (seen here), while a foreground command is
/// waited for with a blocking wait. For the same reason a signal to the shell may not reach it: stop
/// the program by closing its standard input (ssh and srun then end), or signal the program itself
/// (``program(of:)``).
package enum ForegroundWrapper {
    /// The shell script: "$@" in the foreground (not the last command, so not exec'd), then its status.
    package static let script = #""$@"; exit $?"#

    /// The executable and arguments that run `program arguments…` under the shell.
    package static func wrapping(_ program: URL, _ arguments: [String]) -> (executable: URL, arguments: [String]) {
        (URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", program.path] + arguments)
    }

    /// The process id of the program a wrapper shell `shell` runs, or nil when it runs none (yet, or
    /// any more).
    package static func program(of shell: Int32) -> Int32? {
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").compactMap { Int32($0) }.first
    }
}
