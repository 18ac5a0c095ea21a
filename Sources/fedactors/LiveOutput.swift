import Foundation

/// Prints a progress line and flushes it at once.
///
/// Standard output is fully buffered when it is a pipe or a file (`| tee`, a CI log), so without
/// the flush a run's rounds would appear only at exit, after the nodes' shutdown lines on standard
/// error. `fflush(nil)` flushes every output stream; it also avoids naming C's global `stdout`,
/// which Swift 6 refuses as shared mutable state.
func printLive(_ line: String) {
    print(line)
    fflush(nil)
}
