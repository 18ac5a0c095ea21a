import Foundation
import Synchronization

/// Reads a node child's standard output as it comes: finds the ready line
/// (`FEDACTORS-NODE READY <endpoint> <pid>`, ``NodeProcess/readyPrefix``) and hands back every other
/// whole line, prefixed, to be passed on.
final class ReadyLineReader: Sendable {
    private let prefix: Data
    private let state = Mutex<(buffer: Data, endpoint: String?)>((Data(), nil))

    init(passThroughPrefix: String) { prefix = Data(passThroughPrefix.utf8) }

    /// The endpoint the ready line announced, once it came.
    var endpoint: String? { state.withLock { $0.endpoint } }

    /// Takes the next chunk of output; returns the whole lines it completed other than the ready
    /// line, each with the prefix (a partial last line waits for the next chunk).
    func consume(_ chunk: Data) -> Data {
        state.withLock { state in
            state.buffer.append(chunk)
            var other = Data()
            while let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: state.buffer[state.buffer.startIndex..<newline], as: UTF8.self)
                state.buffer.removeSubrange(state.buffer.startIndex...newline)
                if state.endpoint == nil, line.hasPrefix(NodeProcess.readyPrefix) {
                    state.endpoint = line.dropFirst(NodeProcess.readyPrefix.count).split(separator: " ").first
                        .map(String.init)
                } else {
                    other.append(prefix)
                    other.append(contentsOf: Array((line + "\n").utf8))
                }
            }
            return other
        }
    }
}
