import Foundation
import Testing
import ZeroMQ

@Suite struct ZeroMQWrapperTests {
    func receive(_ socket: ZMQSocket, within seconds: Double = 5) throws -> [[UInt8]]? {
        var poller = ZMQPoller()
        poller.add(.socket(socket))
        guard try !poller.poll(timeoutMilliseconds: Int(seconds * 1000)).isEmpty else { return nil }
        return try socket.receive()?.map { $0.withBytes { Array($0) } }
    }

    @Test(arguments: ["inproc://wrapper-pair", "tcp://127.0.0.1:*"])
    func requestReplyRoundTrip(endpoint: String) throws {
        let rep = try ZMQSocket(.shared, .rep)
        try rep.setLinger(0)
        try rep.bind(endpoint)
        let req = try ZMQSocket(.shared, .req)
        try req.setLinger(0)
        try req.connect(rep.lastEndpoint)
        try req.send(bytes: [Array("ping".utf8)], dontWait: false)
        #expect(try receive(rep) == [Array("ping".utf8)])
        try rep.send(bytes: [Array("pong".utf8), [1, 2, 3]], dontWait: false)
        #expect(try receive(req) == [Array("pong".utf8), [1, 2, 3]])
    }

    @Test func zeroCopySendOfFourMegabytesArrivesBitExact() throws {
        let pull = try ZMQSocket(.shared, .pair)
        try pull.setLinger(0)
        try pull.bind("inproc://wrapper-zero-copy")
        let push = try ZMQSocket(.shared, .pair)
        try push.setLinger(0)
        try push.connect("inproc://wrapper-zero-copy")
        var generator = SystemRandomNumberGenerator()
        let payload = Data((0..<4_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try push.send([try ZMQMessage(noCopy: payload), try ZMQMessage(noCopy: Data([7]))], dontWait: false)
        let parts = try #require(try receive(pull))
        #expect(parts.count == 2)
        #expect(Data(parts[0]) == payload)
        #expect(parts[1] == [7])
    }

    @Test func malformedEndpointIsATypedError() throws {
        let socket = try ZMQSocket(.shared, .dealer)
        do {
            try socket.bind("tcp//nonsense")
            Issue.record("expected a bind error")
        } catch {
            #expect(error.errno == EINVAL || error.errno == EPROTONOSUPPORT)
            #expect(error.description.contains("zmq_bind(tcp//nonsense)"))
        }
        let busy = try ZMQSocket(.shared, .router)
        try busy.setLinger(0)
        try busy.bind("tcp://127.0.0.1:*")
        let other = try ZMQSocket(.shared, .router)
        do {
            try other.bind(busy.lastEndpoint)
            Issue.record("expected EADDRINUSE")
        } catch {
            #expect(error.errno == EADDRINUSE)
            #expect(error.description.contains("pick another port"))
        }
    }

    @Test func dontWaitReceiveOnAnEmptySocketReturnsNil() throws {
        let socket = try ZMQSocket(.shared, .pair)
        try socket.setLinger(0)
        try socket.bind("inproc://wrapper-empty")
        #expect(try socket.receive(dontWait: true) == nil)
    }

    @Test func pollerWakesOnAFileDescriptor() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        var poller = ZMQPoller()
        poller.add(.fd(fds[0]))
        #expect(try poller.poll(timeoutMilliseconds: 0).isEmpty)
        var byte: UInt8 = 1
        #expect(write(fds[1], &byte, 1) == 1)
        #expect(try poller.poll(timeoutMilliseconds: 1000) == [0])
    }

    @Test func curveKeysRoundTripThroughZ85AndBadKeysAreRefused() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.count == 40)
        #expect(pair.secretKey.count == 40)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        let bytes = try Z85.decodeKey(pair.publicKey)
        #expect(bytes.count == 32)
        #expect(try Z85.encode(bytes) == pair.publicKey)
        #expect(throws: CurveKeyError.self) { try Z85.decodeKey("short") }
        #expect(throws: CurveKeyError.self) { try CurveKeyPair(secretKey: String(repeating: "~", count: 39) + "\"") }
        #expect(throws: CurveKeyError.self) { try Z85.encode([1, 2, 3]) }
    }
}
