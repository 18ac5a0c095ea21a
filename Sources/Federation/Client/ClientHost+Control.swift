import ActorMesh

extension MeshSettings {
    /// Makes the client host's path (``ClientHost/path``) a control path, as ``NodeService``'s is: on a
    /// node of a run, only the run's coordinator may create, replace or delete its clients. Call it on
    /// the settings of every system that hosts a ``ClientHost``.
    package mutating func addFederationControlPaths() {
        controlPaths.insert(ClientHost.path)
    }
}
