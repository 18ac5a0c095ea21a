import Foundation
import Testing
import ZeroMQ

/// The two limits on what a socket takes: ZMQ_MAXMSGSIZE per frame (libzmq drops the connection)
/// and the running total of a multipart message's frames (the message is read and dropped).
@Suite struct ZMQMaxMessageTests {
    func pair(_ name: String) throws -> (ZMQSocket, ZMQSocket) {
        let receiver = try ZMQSocket(.shared, .pair)
        try receiver.setLinger(0)
        try receiver.bind("inproc://\(name)-\(UUID())")
        let sender = try ZMQSocket(.shared, .pair)
        try sender.setLinger(0)
        try sender.connect(receiver.lastEndpoint)
        return (receiver, sender)
    }

    func next(_ socket: ZMQSocket, limit: Int) throws -> ZMQSocket.Received? {
        var poller = ZMQPoller()
        poller.add(.socket(socket))
        guard try !poller.poll(timeoutMilliseconds: 5000).isEmpty else { return nil }
        return try socket.receive(dontWait: true, maxTotalBytes: limit)
    }

    @Test func aMessageWhosePartsAddUpPastTheLimitIsDroppedAndTheNextOneArrives() throws {
        let (receiver, sender) = try pair("max-total")
        defer { receiver.close(); sender.close() }
        let part = [UInt8](repeating: 1, count: 400)
        try sender.send(bytes: [part, part, part], dontWait: false)  // 1,200 bytes
        try sender.send(bytes: [part, part], dontWait: false)  // 800 bytes
        guard case .oversized(let bytes, let parts) = try next(receiver, limit: 1000) else {
            Issue.record("expected the 1,200-byte message to be dropped")
            return
        }
        #expect(bytes == 1200)
        #expect(parts == 3)
        guard case .message(let whole) = try next(receiver, limit: 1000) else {
            Issue.record("expected the 800-byte message whole")
            return
        }
        #expect(whole.map(\.count) == [400, 400])
    }

    @Test func aFrameOverMaxMsgSizeNeverArrives() throws {
        let receiver = try ZMQSocket(.shared, .pair)
        try receiver.setLinger(0)
        try receiver.setMaxMessageSize(1000)
        try receiver.bind("tcp://127.0.0.1:*")
        let sender = try ZMQSocket(.shared, .pair)
        try sender.setLinger(0)
        try sender.connect(receiver.lastEndpoint)
        defer { receiver.close(); sender.close() }
        try sender.send(bytes: [[UInt8](repeating: 2, count: 5000)], dontWait: false)
        var poller = ZMQPoller()
        poller.add(.socket(receiver))
        #expect(try poller.poll(timeoutMilliseconds: 300).isEmpty)
    }
}
