import Foundation
import Testing

@testable import ActorMesh

/// How a parent reads a node child's standard output while waiting for it to serve.
struct ReadyLineReaderTests {
    @Test func findsTheReadyLineAcrossChunksAndPassesTheRestOnPrefixed() {
        let reader = ReadyLineReader(passThroughPrefix: "[site-a] ")
        let out = "starting\n\(NodeProcess.readyPrefix)tcp://10.1.2.3:4100 4242\nserving\npart"
        var passed = Data()
        for piece in stride(from: 0, to: out.utf8.count, by: 7) {
            let bytes = Array(out.utf8)[piece..<min(piece + 7, out.utf8.count)]
            passed.append(reader.consume(Data(bytes)))
        }
        #expect(reader.endpoint == "tcp://10.1.2.3:4100")
        #expect(String(decoding: passed, as: UTF8.self) == "[site-a] starting\n[site-a] serving\n")
        #expect(String(decoding: reader.consume(Data("ial\n".utf8)), as: UTF8.self) == "[site-a] partial\n")
    }

    @Test func onlyTheFirstReadyLineCounts() {
        let reader = ReadyLineReader(passThroughPrefix: "")
        let second = "\(NodeProcess.readyPrefix)tcp://127.0.0.1:2 2\n"
        _ = reader.consume(Data("\(NodeProcess.readyPrefix)tcp://127.0.0.1:1 1\n".utf8))
        #expect(String(decoding: reader.consume(Data(second.utf8)), as: UTF8.self) == second)
        #expect(reader.endpoint == "tcp://127.0.0.1:1")
    }
}
