import ActorMesh
import Distributed
import Foundation

/// A `Codable` error a test actor throws, to check it arrives as itself.
package struct ProbeError: Error, Codable, Equatable, Sendable {
    package var reason: String
    package var code: Int
    package init(reason: String, code: Int) {
        self.reason = reason
        self.code = code
    }
}

/// An error that is not `Codable`: it must arrive as `RemoteCallError` with its type name and text.
package struct OpaqueProbeError: Error, CustomStringConvertible, Sendable {
    package let detail: String
    package var description: String { "opaque failure: \(detail)" }
}

/// A small actor the mesh tests and the test node host: echoes, sums, sleeps, fails on request.
package distributed actor EchoActor {
    package typealias ActorSystem = MeshSystem
    private var calls = 0
    private var keptPayload = FloatPayload([])

    package init(actorSystem: MeshSystem) {
        self.actorSystem = actorSystem
    }

    package distributed func greet(_ name: String) -> String {
        calls += 1
        return "hello, \(name)"
    }

    package distributed func echo(_ values: [Float]) -> [Float] {
        calls += 1
        return values
    }

    package distributed func echoData(_ data: Data) -> Data {
        calls += 1
        return data
    }

    /// Returns the payload it was given, which goes back out from the buffer it arrived in.
    package distributed func echoPayload(_ values: FloatPayload) -> FloatPayload {
        calls += 1
        return values
    }

    /// Whether the payload arrived here read in place from its received frame.
    package distributed func borrows(_ values: FloatPayload) -> Bool {
        calls += 1
        return values.isBorrowingReceivedFrame
    }

    /// Holds on to `values` (and so to the frame it may borrow) until ``kept()`` asks for it.
    package distributed func keep(_ values: FloatPayload) {
        calls += 1
        keptPayload = values
    }

    /// The payload last given to ``keep(_:)``.
    package distributed func kept() -> FloatPayload { keptPayload }

    package distributed func sum(_ values: [Float]) -> Double {
        calls += 1
        return values.reduce(0) { $0 + Double($1) }
    }

    package distributed func fail(codable: Bool) throws {
        calls += 1
        if codable { throw ProbeError(reason: "asked to fail", code: 42) }
        throw OpaqueProbeError(detail: "asked to fail opaquely")
    }

    package distributed func nap(milliseconds: Int) async throws -> Int {
        calls += 1
        try await Task.sleep(for: .milliseconds(milliseconds))
        return milliseconds
    }

    package distributed func callCount() -> Int { calls }

    /// The process id of the node hosting this actor (cross-process tests check it differs).
    package distributed func processID() -> Int32 { ProcessInfo.processInfo.processIdentifier }

    /// Calls `other` (an actor reference passed as an argument) and returns what it answered.
    package distributed func relayGreeting(via other: EchoActor, name: String) async throws -> String {
        try await other.greet(name)
    }
}
