import Distributed

extension MeshSystem {
    @TaskLocal static var requestedPath: String?

    /// Creates an actor whose ID has the well-known `path` on this node, so other nodes can address it as
    /// `MeshActorID(node: endpoint, path: path)`. `make` must call the actor's initializer with this system.
    public func makeActor<Act: DistributedActor>(named path: String, _ make: () throws -> Act) throws -> Act
    where Act.ID == MeshActorID {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("://"), !path.hasPrefix("$") else {
            throw MeshError(
                .invalidActorID,
                """
                actor path '\(path)' is not allowed: use a non-empty relative name such as 'server' or 'clients/3' \
                (not starting with '/' or '$')
                """
            )
        }
        if registry.actor(at: path) != nil {
            throw MeshError(
                .invalidActorID,
                "an actor already lives at '\(path)' on \(endpoint): choose another path or release that actor first")
        }
        return try Self.$requestedPath.withValue(path) { try make() }
    }

    public func assignID<Act>(_ actorType: Act.Type) -> MeshActorID
    where Act: DistributedActor, Act.ID == MeshActorID {
        if let path = Self.requestedPath { return MeshActorID(node: endpoint, path: path) }
        let n = state.withLock { s -> UInt64 in
            s.nextAutoID += 1
            return s.nextAutoID
        }
        return MeshActorID(node: endpoint, path: "$auto/\(n)")
    }

    public func actorReady<Act>(_ actor: Act) where Act: DistributedActor, Act.ID == MeshActorID {
        registry.register(actor, at: actor.id.path)
    }

    public func resignID(_ id: MeshActorID) {
        registry.removeIfReleased(id.path)
    }

    /// The local actor for `id`, or `nil` when `id` lives on another node (the runtime then makes a proxy).
    public func resolve<Act>(id: MeshActorID, as actorType: Act.Type) throws -> Act?
    where Act: DistributedActor, Act.ID == MeshActorID {
        guard id.node == endpoint else { return nil }
        guard let actor = registry.actor(at: id.path) else {
            throw MeshError(.unknownActor, "no actor at '\(id.path)' on this node (\(endpoint))")
        }
        guard let typed = actor as? Act else {
            throw MeshError(.actorTypeMismatch, "the actor at '\(id.path)' is a \(type(of: actor)), not a \(Act.self)")
        }
        return typed
    }

    public func makeInvocationEncoder() -> MeshInvocationEncoder { MeshInvocationEncoder() }

    /// Runs `operation` with every distributed call in it waiting at most `deadline` for its reply.
    public static func withDeadline<T>(
        _ deadline: Duration, isolation: isolated (any Actor)? = #isolation, operation: () async throws -> T
    ) async rethrows -> T {
        try await $callDeadline.withValue(deadline, operation: operation, isolation: isolation)
    }

    @TaskLocal static var callDeadline: Duration?
}
