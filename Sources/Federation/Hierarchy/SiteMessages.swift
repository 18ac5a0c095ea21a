import ActorMesh

/// What the server sends one site's aggregator for a round: the model once, and what each invited
/// client of the site is to do with it.
package struct SiteInstructions: Codable, Sendable {
    package var round: Int
    package var site: String
    /// The global parameters, sent once for all the site's clients.
    package var parameters: [Float]
    package var clients: [SiteClient]
    /// How clients compress their updates, and the aggregator its own (nil: uncompressed).
    package var compression: Compression?
    /// Virtual seconds after the model reaches the aggregator by which it stops waiting for its clients
    /// (nil: no deadline): the round deadline less the site's download and its update's upload.
    package var cutOffSeconds: Double?
    /// The client↔aggregator links: each client's last mile and its host's link (no server link).
    package var network: NetworkModel
    /// Real-time limit of each client's `fit` call.
    package var callTimeoutSeconds: Double

    package init(
        round: Int, site: String, parameters: [Float], clients: [SiteClient], compression: Compression?,
        cutOffSeconds: Double?, network: NetworkModel, callTimeoutSeconds: Double
    ) {
        self.round = round
        self.site = site
        self.parameters = parameters
        self.clients = clients
        self.compression = compression
        self.cutOffSeconds = cutOffSeconds
        self.network = network
        self.callTimeoutSeconds = callTimeoutSeconds
    }
}

/// One invited client of a site: where to call it, its plan, and what the server knows of it.
package struct SiteClient: Codable, Sendable {
    package var id: Int
    /// Its actor, resolved on the aggregator's node (the current reference: a rejoined node's clients
    /// have new ones).
    package var actor: MeshActorID
    package var plan: LocalPlan
    package var hooks: ClientHooks
    /// The samples it described: its answer must report as many.
    package var sampleCount: Int
    package var profile: ClientProfile

    package init(
        id: Int, actor: MeshActorID, plan: LocalPlan, hooks: ClientHooks, sampleCount: Int, profile: ClientProfile
    ) {
        self.id = id
        self.actor = actor
        self.plan = plan
        self.hooks = hooks
        self.sampleCount = sampleCount
        self.profile = profile
    }
}

/// What a site's aggregator sends back: one pre-aggregated update and what happened to each client.
package struct SiteUpdate: Codable, Sendable, Equatable {
    package var site: String
    /// The sample-weighted mean of the completed clients' models (``FitResult/sampleCount`` their
    /// samples together; compressed as the clients' updates are); nil when none completed.
    package var combined: FitResult?
    /// Every invited client's fate at the aggregator, by ascending id.
    package var clients: [SiteClientReport]
    /// Virtual seconds from the model's arrival at the aggregator until its update was ready: the
    /// last used answer, or the cut-off when it waited for stragglers.
    package var collectSeconds: Double
    /// Logical bytes of `combined` (4 per parameter, or its encoded size); 0 without one.
    package var bytesUp: Int
}

/// One client's fate at its aggregator.
package struct SiteClientReport: Codable, Sendable, Equatable {
    package var id: Int
    package var outcome: ClientOutcome
    /// Its training loss, when it answered with a usable result.
    package var trainLoss: Double?
    /// Logical bytes of the model it was sent and of the update it sent (nil: none).
    package var bytesDown: Int
    package var bytesUp: Int?
}
