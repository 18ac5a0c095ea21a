import ActorMesh
import Federation
import Foundation

/// The launching process as the driver of a server placed on a host (`server: {host: NAME}`): it
/// starts the nodes, has the server's node start the run, and follows the run through the news the
/// server pushes to it, until the report arrives.
extension RunLauncher {
    /// How long the driver waits for the interrupted run's report after it asked the server to stop.
    static let interruptedReportWait = Duration.seconds(60)

    func drive(
        nodes: StartedNodes, coordinator: MeshSystem, runToken: RunToken, files: ServerFiles,
        events: @escaping @Sendable ([RunEvent]) -> Void, announce: @escaping @Sendable (String) -> Void
    ) async throws -> RunReport {
        guard let serverHost = plan.spec.serverHost else {
            throw FederationError(.invalidSetting, "the topology does not place the server on a host")
        }
        guard let source = plan.source else {
            throw FederationError(
                .invalidSetting,
                "a server placed on host \(serverHost) reads the topology there: run a topology read from a file")
        }
        try await startNodes(into: nodes, runToken: runToken, announce: announce)
        guard let serverEndpoint = nodes.endpoint(of: serverHost) else {
            throw FederationError(.invalidSetting, "the server's host \(serverHost) has no node")
        }
        let feed = NewsFeed()
        let follower = try coordinator.makeActor(named: RunFollower.path) {
            RunFollower(actorSystem: coordinator, feed: feed)
        }
        let lost = watchServerNode(serverHost, at: serverEndpoint, nodes: nodes, coordinator: coordinator, feed: feed)
        defer { lost.cancel() }
        let nodeEndpoints = nodes.endpoints.filter { plan.startsNode(of: $0.key) }
        var request = PlacedRunRequest(
            topology: source.text, topologyPath: source.path, rounds: plan.spec.rounds,
            fingerprint: plan.spec.runFingerprint, endpoints: nodeEndpoints, files: files, follower: follower.id)
        request.acceptsLabelProposals = plan.acceptsLabelProposals
        request.harmonizerAsksLLM = plan.harmonizerAsksLLM
        let host = try ServerHost.at(serverEndpoint, using: coordinator)
        let timeout = Duration.milliseconds(Int64(plan.spec.callTimeoutSeconds * 1000))
        try await MeshSystem.withDeadline(timeout) { try await host.start(request) }
        // The news is read in a task of its own: cancelling this one (SIGINT) asks the server to stop,
        // and the interrupted run's report still arrives.
        let following = Task { try await Self.follow(feed, events: events, announce: announce) }
        let report = try await withTaskCancellationHandler {
            try await following.value
        } onCancel: {
            Task { try? await MeshSystem.withDeadline(.seconds(5)) { try await host.interrupt() } }
            Task {
                try? await Task.sleep(for: Self.interruptedReportWait)
                feed.yield(.failed("the server did not send the interrupted run's report within 60 s"))
            }
        }
        withExtendedLifetime(follower) {}
        if plan.spec.serverHostSpec?.start == .running {
            await Self.release([serverEndpoint], using: coordinator)
        }
        return report
    }

    /// Hands the feed's news to `events` and `announce` until the report arrives; throws when the run
    /// failed, saying why.
    static func follow(
        _ feed: NewsFeed, events: @Sendable ([RunEvent]) -> Void, announce: @Sendable (String) -> Void
    ) async throws -> RunReport {
        for await news in feed.news {
            switch news {
            case .events(let made): events(made)
            case .announce(let line): announce(line)
            case .ended(let report): return report
            case .failed(let reason): throw FederationError(.invalidSetting, reason)
            }
        }
        throw FederationError(.invalidSetting, "the server's news ended without the run's report")
    }

    /// Ends the feed with a failure when the server's node is lost: its process exits, or its
    /// connection drops.
    private func watchServerNode(
        _ name: String, at endpoint: String, nodes: StartedNodes, coordinator: MeshSystem, feed: NewsFeed
    ) -> Task<Void, Never> {
        nodes.whenProcessExits(of: name) { how in
            feed.yield(.failed("the server's node (host \(name), \(endpoint)) \(how) before the run ended"))
        }
        let peers = coordinator.peerEvents()
        return Task {
            for await event in peers where event.endpoint == endpoint && event.state.status == .down {
                let why = event.state.message ?? "its connection dropped"
                feed.yield(
                    .failed("the server's node (host \(name), \(endpoint)) was lost before the run ended: \(why)"))
                return
            }
        }
    }
}
