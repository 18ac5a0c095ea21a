import ActorMesh

/// Where the server learns, round by round, which clients it can reach and how.
///
/// A run whose clients live on nodes that can die and come back gives the server one of these (the
/// launcher's node roster): clients of a node that is down are not invited (the round records them as
/// `unreachable`), a call waiting on a node that goes down fails at once, and a node that rejoined
/// is reached through its new references. Without one, every client is always reachable.
public protocol ClientDirectory: Sendable {
    /// The clients that can be invited in `round`, by id, with their current references.
    func reachableClients(round: Int) async -> [Int: ClientActor]
    /// A call to `client` failed with `error`: evidence about its node (a dropped connection means
    /// the node is gone; a deadline does not).
    func callFailed(client: Int, error: any Error) async
    /// Returns when `client`'s node is known to be down (at once if it is); never returns while it
    /// stays up. Must return promptly when the calling task is cancelled.
    func nodeDown(client: Int) async
    /// `round` ended with `record` (called before the checkpoint is written and progress reported):
    /// a place to collect what the nodes know, such as their traffic ledgers.
    func roundEnded(_ record: RoundRecord) async
}
