import ActorMesh

/// A call to a role failed in the mesh (its node is down or unreachable, or it did not answer in
/// time): which role, on which node, and the mesh's error.
package struct AgentCallFailed: Error, Sendable, Equatable, CustomStringConvertible {
    /// The role's transcript name (`planner`, `coder-task`…).
    package let role: String
    /// The endpoint of the node that serves it.
    package let node: String
    package let cause: MeshError

    package init(role: String, node: String, cause: MeshError) {
        self.role = role
        self.node = node
        self.cause = cause
    }

    package var description: String {
        let what =
            switch cause.code {
            case .connectionRefused, .connectionLost, .transport:
                "cannot be reached"
            case .deadlineExceeded: "did not answer in time"
            default: "failed"
            }
        return
            """
            the \(role) on \(node) \(what): \(cause.message). Check that the node is running (`fedactors node`) and \
            serves this run, or place the role elsewhere with --agents-on
            """
    }
}
