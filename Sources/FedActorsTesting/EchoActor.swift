import ActorMesh
import Distributed
import Foundation

/// A `Codable` error a test actor throws, to check it arrives as itself.
public struct ProbeError: Error, Codable, Equatable, Sendable {
    public var reason: String
    public var code: Int
    public init(reason: String, code: Int) {
        self.reason = reason
        self.code = code
    }
}

/// An error that is not `Codable`: it must arrive as `RemoteCallError` with its type name and text.
public struct OpaqueProbeError: Error, CustomStringConvertible, Sendable {
    public let detail: String
    public var description: String { "opaque failure: \(detail)" }
}

/// A small actor the mesh tests and the test node host: echoes, sums, sleeps, fails on request.
public distributed actor EchoActor {
    public typealias ActorSystem = MeshSystem
    private var calls = 0
    private var keptPayload = FloatPayload([])

    public init(actorSystem: MeshSystem) {
        self.actorSystem = actorSystem
    }

    public distributed func greet(_ name: String) -> String {
        calls += 1
        return "hello, \(name)"
    }

    public distributed func echo(_ values: [Float]) -> [Float] {
        calls += 1
        return values
    }

    public distributed func echoData(_ data: Data) -> Data {
        calls += 1
        return data
    }

    /// Returns the payload it was given, which goes back out from the buffer it arrived in.
    public distributed func echoPayload(_ values: FloatPayload) -> FloatPayload {
        calls += 1
        return values
    }

    /// Whether the payload arrived here read in place from its received frame.
    public distributed func borrows(_ values: FloatPayload) -> Bool {
        calls += 1
        return values.isBorrowingReceivedFrame
    }

    /// Holds on to `values` (and so to the frame it may borrow) until ``kept()`` asks for it.
    public distributed func keep(_ values: FloatPayload) {
        calls += 1
        keptPayload = values
    }

    /// The payload last given to ``keep(_:)``.
    public distributed func kept() -> FloatPayload { keptPayload }

    public distributed func sum(_ values: [Float]) -> Double {
        calls += 1
        return values.reduce(0) { $0 + Double($1) }
    }

    public distributed func fail(codable: Bool) throws {
        calls += 1
        if codable { throw ProbeError(reason: "asked to fail", code: 42) }
        throw OpaqueProbeError(detail: "asked to fail opaquely")
    }

    public distributed func nap(milliseconds: Int) async throws -> Int {
        calls += 1
        try await Task.sleep(for: .milliseconds(milliseconds))
        return milliseconds
    }

    public distributed func callCount() -> Int { calls }

    /// The process id of the node hosting this actor (cross-process tests check it differs).
    public distributed func processID() -> Int32 { ProcessInfo.processInfo.processIdentifier }

    /// Calls `other` (an actor reference passed as an argument) and returns what it answered.
    public distributed func relayGreeting(via other: EchoActor, name: String) async throws -> String {
        try await other.greet(name)
    }
}
