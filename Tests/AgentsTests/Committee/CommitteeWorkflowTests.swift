import ActorMesh
import Agents
import Foundation
import Testing

/// The committee inside the workflow, over the roles as actors on the mesh: reviewers rank, the top
/// proposals are trialled by the evaluator, the best is kept.
@Suite(.serialized) struct CommitteeWorkflowTests {
    static let request =
        "Logistic regression on LEAF-style synthetic data across 6 mobile devices whose users have their own style, evaluated by accuracy."

    /// Two strategies to choose from, top-k 3: every distinct proposal is tried, and the outcome says so.
    @Test func fewerDistinctProposalsThanTopKAreAllTriedAndSaidSo() async throws {
        // Prepare: the roles (two expert reviewers among them) on one system, driven from another.
        let home = try AgentTestKit.system(), driver = try AgentTestKit.system()
        defer { home.shutdown(); driver.shutdown() }
        let local = try AgentTestKit.team(on: home, committee: 2)
        let team = try local.resolved(using: driver)
        let catalog = try MethodCatalog.bundled()
        let settings = try CommitteeSettings(topK: 3, catalog: catalog, options: ["fedavg", "fedprox"])

        // Execute
        let outcome = try await AgentWorkflow(team: team, committee: settings).run(Self.request)
        withExtendedLifetime(local) {}

        // Assert
        #expect(outcome.status == .ready, "\(outcome.status)")
        let committee = try #require(outcome.committee)
        #expect(committee.reviews.map(\.review.reviewer) == ["reviewer-1", "reviewer-2"])
        #expect(committee.reviews.map(\.review.perspective) == ["balanced", "accuracy-first"])
        #expect(committee.merged.count < 3 && committee.candidates.count == committee.merged.count)
        #expect(
            committee.notes.contains {
                $0.hasPrefix("--top-k 3 asked, but the reviewers proposed \(committee.merged.count)")
            },
            "\(committee.notes)")
        #expect(committee.candidates.allSatisfy { ["fedavg", "fedprox"].contains($0.method.strategy) })
        let chosen = try #require(committee.chosen)
        #expect(outcome.spec?.strategy.name == chosen.strategy)
        #expect(outcome.transcript.filter { $0.stage == "committee-trial" }.count == committee.candidates.count)
        #expect(outcome.transcript.contains { $0.role == "committee" && $0.summary.hasPrefix("chose \(chosen.text)") })
        let sent = driver.ledger.snapshot().totals(by: \.actorType, .sent)
        #expect((sent.first { $0.key.contains("ReviewerAgent") }?.value.messages ?? 0) == 2, "\(sent.keys.sorted())")
    }

    /// The committee may only propose strategies other than the team's: its choice differs from the
    /// team's first plan, and the final plan, the transcript and the topology name the chosen method.
    @Test func theFinalPlanNamesTheMethodTheCommitteeChose() async throws {
        // Prepare
        let home = try AgentTestKit.system(), driver = try AgentTestKit.system()
        defer { home.shutdown(); driver.shutdown() }
        let local = try AgentTestKit.team(on: home, committee: 1)
        let team = try local.resolved(using: driver)
        let catalog = try MethodCatalog.bundled()
        let chooser = try #require(AgentTestKit.chooser)
        let first = ExpertPlanner(chooser: chooser).plan(Self.request)
        let teamStrategy = try #require(first.setup["strategy"])
        let options = ["fedavg", "qfedavg", "fedprox", "scaffold"].filter { $0 != teamStrategy }
        let settings = try CommitteeSettings(topK: 2, catalog: catalog, options: options)

        // Execute
        let outcome = try await AgentWorkflow(team: team, committee: settings).run(Self.request)
        withExtendedLifetime(local) {}

        // Assert
        #expect(outcome.status == .ready, "\(outcome.status)")
        let committee = try #require(outcome.committee)
        let chosen = try #require(committee.chosen)
        let plan = try #require(outcome.plan)
        let spec = try #require(outcome.spec)
        #expect(chosen.strategy != teamStrategy && plan.setup["strategy"] == chosen.strategy)
        let name = try #require(catalog.card(id: chosen.strategy)?.name)
        let old = try #require(catalog.card(id: teamStrategy)?.name)
        #expect(plan.summary.contains(name) && !plan.text.contains(old), "\(plan.text)")
        #expect(
            plan.text.contains(
                "Chosen by the committee: \(chosen.text), chosen by a committee of 1 reviewer(s) from "
                    + "\(committee.candidates.count) trial(s) by global_top1"),
            "\(plan.text)")
        if committee.candidates.count > 1 { #expect(plan.committee?.contains(" against ") == true) }
        #expect(PlanConformance.differences(plan.steps, in: spec).isEmpty)
        #expect(spec.strategy.name == chosen.strategy && spec.name.contains("-\(chosen.slug)-"))
        #expect(spec.topologyYAML().contains("# method: \(chosen.text), chosen by a committee"))
        let entry = try #require(outcome.transcript.last { $0.stage == "plan" && $0.role == "committee" })
        #expect(entry.summary.hasPrefix("final plan: \(plan.summary)"))
    }
}
