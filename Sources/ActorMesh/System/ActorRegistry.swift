import Distributed
import Synchronization

/// The actors hosted by one system, by path. Holds them weakly so that `resignID` runs when the last
/// strong reference goes away (pitfall 8 of the spike).
final class ActorRegistry: Sendable {
    private final class WeakBox: @unchecked Sendable {
        // Safe: `actor` is only read and written while `ActorRegistry.entries` is locked.
        weak var actor: (any DistributedActor)?
        init(_ actor: any DistributedActor) { self.actor = actor }
    }
    private let entries = Mutex<[String: WeakBox]>([:])

    func register(_ actor: any DistributedActor, at path: String) {
        entries.withLock { $0[path] = WeakBox(actor) }
    }

    /// Removes `path` unless a live actor holds it (a new actor may have taken the path of one being
    /// deinitialized, whose weak reference is already nil).
    func removeIfReleased(_ path: String) {
        entries.withLock { entries in
            if entries[path]?.actor == nil { entries.removeValue(forKey: path) }
        }
    }

    func actor(at path: String) -> (any DistributedActor)? {
        entries.withLock { $0[path]?.actor }
    }

    var paths: [String] { entries.withLock { $0.filter { $0.value.actor != nil }.keys.sorted() } }
}
