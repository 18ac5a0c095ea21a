import ActorMesh
import Distributed
import Federation
import Foundation

extension DataStages {
    /// Calls every client agent of `ids` at once (each within the deadline), writing one transcript
    /// entry per client; the answers in client order.
    func eachClient<T: Codable & Sendable>(
        _ ids: [Int], stage: Int, sent: some Encodable & Sendable, _ transcript: inout [TranscriptEntry],
        _ body: @escaping @Sendable (Int, ClientDataAgent) async throws -> T,
        summary: (T) -> String
    ) async throws -> [(Int, T)] {
        let started = ContinuousClock.now
        let agents = ids.compactMap { id in clients[id].map { (id, $0) } }
        let deadline = self.deadline
        let answers = try await withThrowingTaskGroup(of: (Int, T, Double).self) { group in
            for (id, agent) in agents {
                group.addTask {
                    let value = try await MeshSystem.withDeadline(deadline) { try await body(id, agent) }
                    return (id, value, (ContinuousClock.now - started).seconds)
                }
            }
            var all: [(Int, T, Double)] = []
            for try await answer in group { all.append(answer) }
            return all.sorted { $0.0 < $1.0 }
        }
        for (id, value, seconds) in answers {
            transcript.append(
                TranscriptEntry(
                    stage: Self.stageNames[stage], role: "data-client-\(id)", summary: summary(value), seconds: seconds,
                    sent: JSONValue.encoding(sent), received: JSONValue.encoding(value)))
        }
        return answers.map { ($0.0, $0.1) }
    }

    /// Calls the server agent within the deadline, writing the exchange to the transcript.
    func record<T: Codable & Sendable>(
        _ stage: Int, _ role: String, sent: some Encodable & Sendable, _ transcript: inout [TranscriptEntry],
        _ body: () async throws -> T, summary: (T) -> String
    ) async throws -> T {
        let started = ContinuousClock.now
        let value = try await MeshSystem.withDeadline(deadline, operation: body)
        transcript.append(
            TranscriptEntry(
                stage: Self.stageNames[stage], role: role, summary: summary(value),
                seconds: (ContinuousClock.now - started).seconds, sent: JSONValue.encoding(sent),
                received: JSONValue.encoding(value)))
        return value
    }
}
