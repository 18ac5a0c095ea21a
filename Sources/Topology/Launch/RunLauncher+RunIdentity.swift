import ActorMesh
import Federation
import Foundation

/// How a run hands its identity (``RunToken``) to the nodes it starts, and gives `running` nodes back.
extension RunLauncher {
    /// The environment variable `fedactors node` reads its run token from.
    package static let runTokenVariable = "FEDACTORS_RUN_TOKEN"

    /// The settings of the run's coordinator, or of a node it hosts in this process: members of run
    /// `token`, with the client host's path a control path.
    static func meshSettings(for token: RunToken) -> MeshSettings {
        var settings = MeshSettings()
        settings.runToken = token
        settings.addFederationControlPaths()
        settings.addServerHostControlPath()
        return settings
    }

    /// A command host's words with `--run-token <token>` appended when they run `fedactors node`
    /// (directly, through `ip netns exec`, or through ssh, where the remote command may be one word).
    /// Any other command gets the token only through ``runTokenVariable`` in its environment.
    package static func withRunToken(_ words: [String], _ token: RunToken, executable: String) -> [String] {
        runsNode(words, executable: executable) ? words + ["--run-token", token.description] : words
    }

    /// Whether a command's words run `fedactors node` (directly, through `ip netns exec`, or through
    /// ssh, where the remote command may be one word).
    static func runsNode(_ words: [String], executable: String) -> Bool {
        let tokens = words.flatMap { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        return zip(tokens, tokens.dropFirst()).contains { program, command in
            command == "node" && (program == executable || program == "fedactors" || program.hasSuffix("/fedactors"))
        }
    }

    /// Asks each node at `endpoints` (the `running` hosts) to leave the run, so the next run may claim
    /// it. Best effort: a node that does not answer within 2 s frees itself after its lease.
    static func release(_ endpoints: [String], using coordinator: MeshSystem) async {
        await withTaskGroup(of: Void.self) { group in
            for endpoint in endpoints {
                group.addTask {
                    guard let service = try? NodeService.at(endpoint, using: coordinator) else { return }
                    _ = try? await MeshSystem.withDeadline(.seconds(2)) { try await service.release() }
                }
            }
        }
    }
}
