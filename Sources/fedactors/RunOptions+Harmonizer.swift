import Agents
import ArgumentParser
import Topology

/// `--backend` of `run` and `launch`: the data stages' harmonizer is their only LLM-capable role.
extension RunOptions {
    /// Refuses a `--backend` that sets a role other than the harmonizer to the LLM (a bare `llm` is the
    /// harmonizer's here).
    func validateBackend() throws {
        let llm = backend.llmRoles
        guard llm.count < LLMRole.allCases.count, let other = llm.first(where: { $0 != .harmonizer }) else { return }
        throw ValidationError(
            """
            --backend: run and launch have one LLM-capable role, the data stages' harmonizer; \(other.rawValue) is \
            an agent of plan and auto: give --backend harmonizer=llm (or llm)
            """
        )
    }

    /// The harmonizer's LLM client from this process's environment when `--backend` asks for it (nil
    /// otherwise, or when the environment names no server).
    func harmonizerChat() throws -> Result<ChatClient, AgentHostError>? {
        guard backend.kind(for: .harmonizer) == .llm else { return nil }
        do {
            return try ChatConfig.fromEnvironment().map { .success(ChatClient(config: $0)) }
        } catch { throw ValidationError(error.message) }
    }

    /// Refuses `--backend harmonizer=llm` for a topology without data stages, or when the FL server runs
    /// here and this environment names no LLM server.
    func checkHarmonizer(_ spec: TopologySpec) throws {
        guard backend.kind(for: .harmonizer) == .llm else { return }
        guard spec.messy != nil else {
            throw ValidationError(
                "--backend harmonizer=llm: \(spec.name) has no messy: section, so no data stages and no harmonizer")
        }
        if spec.serverHost == nil, try harmonizerChat() == nil {
            throw ValidationError(
                """
                --backend harmonizer=llm needs an OpenAI-compatible server: set FEDACTORS_LLM_BASE_URL and \
                FEDACTORS_LLM_MODEL (or leave the harmonizer offline)
                """
            )
        }
    }
}
