import Foundation
import Synchronization

/// Cuts a child's output into whole lines and puts a prefix before each (`[host-a] …`), so the lines
/// of several remote nodes stay apart and readable on one standard error.
final class LinePrefixer: Sendable {
    private let prefix: Data
    private let pending = Mutex(Data())

    init(prefix: Data) { self.prefix = prefix }

    /// The whole lines completed by `chunk`, each prefixed; a partial last line waits for the next chunk.
    func lines(in chunk: Data) -> Data {
        pending.withLock { buffer in
            buffer.append(chunk)
            var out = Data()
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                out.append(prefix)
                out.append(buffer[buffer.startIndex...newline])
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            return out
        }
    }

    /// What is left (a last line without a newline), prefixed and ended; empty when nothing is.
    func flush() -> Data {
        pending.withLock { buffer in
            guard !buffer.isEmpty else { return Data() }
            var out = prefix
            out.append(buffer)
            out.append(UInt8(ascii: "\n"))
            buffer.removeAll()
            return out
        }
    }
}
