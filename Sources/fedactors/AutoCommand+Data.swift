import ActorMesh
import Agents
import Foundation
import Topology

extension AutoCommand {
    /// The data stages of `topology`'s messy clients, before the workflow: their transcript entries
    /// go to `transcript`, their traffic per stage is printed from `driver`'s ledger.
    func prepareData(
        topology path: String, gate: HumanGateAgent, home: MeshSystem, driver: MeshSystem,
        transcript: inout [TranscriptEntry]
    ) async throws -> DataStagesOutcome {
        let spec = try TopologyReader.load(path: path)
        let llm =
            try agents.backend.kind(for: .harmonizer) == .llm ? agents.chatConfig.map { ChatClient(config: $0) } : nil
        print("data stages: \(spec.clientCount) clients of \(path)")
        let session = try await DataStageSession(topology: spec, home: home, driver: driver, gate: gate, llm: llm)
        defer { session.shutdown() }
        let outcome = try await DataStages(
            server: session.server, clients: session.clients, progress: { printLive("» \($0)") }
        ).run(&transcript)
        print(
            "\ndata-stage traffic (metered by the driver's ledger):\n"
                + DataStageTraffic(ledger: driver.ledger.snapshot()).table() + "\n")
        return outcome
    }
}
