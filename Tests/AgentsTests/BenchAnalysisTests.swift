import Agents
import Testing
import Topology

/// Each of the 16 benchmark requests: clients, dataset, model, metrics and the area's challenges are
/// read correctly, and the chosen strategy is a vocabulary name that addresses a detected challenge.
@Suite(
    .enabled(
        if: BenchFile.exists, "bench file not found at \(BenchFile.path); run from a worktree next to /work/shared"))
struct BenchAnalysisTests {
    static let chooser: MethodChooser? = try? MethodChooser(catalog: MethodCatalog.bundled())

    @Test func allSixteenTasksAreRead() {
        #expect(BenchFile.tasks.count == 16)
    }

    @Test(arguments: BenchFile.tasks)
    func analysisMatchesTheSetting(task: BenchTask) {
        // Execute
        let analysis = RequestAnalyzer().analyze(task.request)

        // Assert
        #expect(analysis.clientCount == task.setting.clients)
        #expect(analysis.dataset == task.setting.dataset)
        #expect(analysis.model == task.setting.model)
        #expect(Set(analysis.metrics) == task.expectedMetrics)
        let missed = task.impliedChallenges.subtracting(analysis.challenges)
        #expect(missed.isEmpty, "\(task.id) (\(task.area)): missed \(missed.sorted()), found \(analysis.challenges)")
        #expect(analysis.missing.isEmpty)
    }

    @Test(arguments: BenchFile.tasks)
    func theChosenMethodsAreValidAndAddressAChallenge(task: BenchTask) throws {
        let chooser = try #require(Self.chooser)

        let (analysis, choice) = chooser.choose(for: task.request)

        #expect(Vocabulary.strategies.contains(choice.primary.id))
        #expect(choice.primary.kind == .strategy)
        // The strategy or an add-on: label noise is met by FedAvg with the small-loss filter. Or none
        // may run (FedBN, the one card for input noise, under a global metric): then the challenges
        // are reported uncovered and the rationale says why the card was passed over.
        let covered = Set(([choice.primary] + choice.addOns).flatMap(\.challenges))
        #expect(
            !covered.isDisjoint(with: analysis.challenges) || Self.passedOverSaid(choice, analysis),
            "\(task.id): \(choice.primary.id) + \(choice.addOns.map(\.id)) address \(covered), detected \(analysis.challenges)"
        )
    }

    /// Whether no chosen method covers the challenges because the strategy that would was passed over,
    /// and the choice says so: every challenge reported uncovered, the rationale naming the card and why.
    static func passedOverSaid(_ choice: MethodChoice, _ analysis: RequestAnalysis) -> Bool {
        Set(choice.uncovered) == Set(analysis.challenges) && choice.rationale.contains { $0.hasPrefix("not ") }
    }

    @Test func statedParticipationRoundsAndBudgetAreRead() throws {
        let byID = Dictionary(uniqueKeysWithValues: BenchFile.tasks.map { ($0.id, $0) })
        let analyzer = RequestAnalyzer()
        let q10 = analyzer.analyze(try #require(byID["Q10"]).request)
        let q11 = analyzer.analyze(try #require(byID["Q11"]).request)
        let q14 = analyzer.analyze(try #require(byID["Q14"]).request)
        let q9 = analyzer.analyze(try #require(byID["Q9"]).request)

        #expect(q10.participation == 0.3)
        #expect(q10.labelBudget == nil)
        #expect(q11.rounds == 10)
        #expect(q14.labelBudget == 0.2)
        #expect(q14.participation == nil)
        #expect(q9.modelWidths == [1, 0.5, 0.25])
        #expect(q14.deployment == .crossSilo)
        #expect(q10.deployment == .crossDevice)
    }

    @Test func deviceKindsFollowTheNounPhrase() throws {
        let byID = Dictionary(uniqueKeysWithValues: BenchFile.tasks.map { ($0.id, $0) })
        let expected: [String: DeviceKind] = [
            "Q1": .smartphone, "Q2": .sensor, "Q4": .camera, "Q5": .sensor, "Q7": .hospital, "Q10": .smartphone,
        ]
        for (id, kind) in expected {
            let analysis = RequestAnalyzer().analyze(try #require(byID[id]).request)
            #expect(analysis.deviceKind == kind, "\(id)")
        }
    }

    /// Prints a one-line-per-task table and counts the tasks read fully correctly.
    @Test func summary() throws {
        let chooser = try #require(Self.chooser)
        var correct = 0
        for task in BenchFile.tasks {
            let (a, choice) = chooser.choose(for: task.request)
            let ok =
                a.clientCount == task.setting.clients && a.dataset == task.setting.dataset
                && a.model == task.setting.model && Set(a.metrics) == task.expectedMetrics
                && task.impliedChallenges.isSubset(of: a.challenges)
                && (!Set(([choice.primary] + choice.addOns).flatMap(\.challenges)).isDisjoint(with: a.challenges)
                    || Self.passedOverSaid(choice, a))
            if ok { correct += 1 }
            let addOns = choice.addOns.map(\.id).joined(separator: "+")
            print(
                "\(task.id) \(ok ? "ok " : "BAD") n=\(a.clientCount.map(String.init) ?? "-") \(a.dataset ?? "-") \(a.model ?? "-") "
                    + "\(a.metrics.map(\.rawValue)) \(a.challenges.map(\.rawValue)) -> \(choice.primary.id) [\(addOns)]"
            )
        }
        print("bench: \(correct)/\(BenchFile.tasks.count) fully correct")
        #expect(correct == BenchFile.tasks.count)
    }
}
