import ActorMesh
import Distributed

/// The driver's end of a placed server's news: a thin distributed actor that hands each message to
/// its ``NewsInbox`` and the news it releases, in order, to a ``NewsFeed``.
package distributed actor RunFollower {
    package typealias ActorSystem = MeshSystem

    /// Its path on the driver's node.
    package static let path = "federation/run-follower"

    private var inbox = NewsInbox()
    private let feed: NewsFeed

    package init(actorSystem: MeshSystem, feed: NewsFeed) {
        self.actorSystem = actorSystem
        self.feed = feed
    }

    /// One message from the server.
    package distributed func take(_ message: NewsMessage) {
        for news in inbox.accept(message) { feed.yield(news) }
    }
}

/// The news a driver follows, in order, ending with the run's final news (the report or a failure),
/// or with a failure the driver itself puts in (the server's node was lost).
package final class NewsFeed: Sendable {
    package let news: AsyncStream<RunNews>
    private let sink: AsyncStream<RunNews>.Continuation

    package init() {
        (news, sink) = AsyncStream.makeStream(of: RunNews.self)
    }

    /// Hands `news` on; final news ends the feed.
    package func yield(_ news: RunNews) {
        sink.yield(news)
        if news.isFinal { sink.finish() }
    }
}
