import Foundation
import Synchronization

/// The time source for deadlines and injected delays. Production uses ``RealClock``; deterministic
/// tests use `ManualClock` (ActorMeshTesting) and move time forward by hand.
public protocol MeshClock: Sendable {
    /// Time since the clock's origin.
    func now() -> Duration
    /// Suspends until `now() >= deadline`. Throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// Wall-clock time from a monotonic source.
public struct RealClock: MeshClock {
    private let origin = ContinuousClock.now
    public init() {}
    public func now() -> Duration { ContinuousClock.now - origin }
    public func sleep(until deadline: Duration) async throws {
        try await ContinuousClock().sleep(until: origin + deadline, tolerance: .microseconds(200))
    }
}
