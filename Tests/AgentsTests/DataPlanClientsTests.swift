import Agents
import Foundation
import Testing
import Topology

/// `auto --data FILE`: the plan is made for the data topology's clients, whatever count the request
/// names, and a request that names none is not asked for it.
@Suite struct DataPlanClientsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped messy topology (8 hospitals) as the trial's data.
    static func hospitals() throws -> TrialData {
        let path = Self.root.appendingPathComponent("Topologies/messy-hospitals-8.yaml").path
        let spec = try TopologyReader.load(path: path)
        return TrialData(
            path: path, text: try String(contentsOfFile: path, encoding: .utf8), acceptsLabelProposals: true,
            clientCount: spec.clientCount)
    }

    static func plan(_ request: String, data: TrialData?) async throws -> Plan {
        let system = try AgentTestKit.system()
        defer { system.shutdown() }
        let workflow = AgentWorkflow(team: try AgentTestKit.team(on: system), trialData: data)
        return try #require(try await workflow.plan(request).plan)
    }

    @Test func thePlanSpeaksOfTheDataTopologysClientsNotTheRequests() async throws {
        let data = try Self.hospitals()
        #expect(data.clientCount == 8)
        let request = "FedAvg with a 2NN on Fashion-MNIST across 6 smartphones, measured by global accuracy"
        let planned = try await Self.plan(request, data: data)
        #expect(planned.setup["clients"] == "8", "\(planned.setup)")
        #expect(planned.revisions == ["clients: 8"])
        // Without the data the request's count stands.
        let alone = try await Self.plan(request, data: nil)
        #expect(alone.setup["clients"] == "6", "\(alone.setup)")
    }

    @Test func aRequestWithoutACountIsNotAskedForItWhenTheDataHasOne() async throws {
        let request = "Train a 2NN on Fashion-MNIST with FedAvg and report global accuracy"
        let planned = try await Self.plan(request, data: try Self.hospitals())
        #expect(planned.setup["clients"] == "8", "\(planned.setup)")
        #expect(planned.questions.isEmpty, "\(planned.questions)")
    }
}
