import Federation
import Testing
import Topology

@testable import Agents

/// The number of class-incremental tasks is read from a continual request and reaches the composed
/// topology's `continual:` section (issue 27); without a stated count the documented default holds.
struct ContinualTaskCountTests {
    @Test(
        arguments: [
            (
                "Twenty phones, clothing images; the classes arrive in three waves and old ones must not be forgotten.",
                3
            ),
            ("Continual learning over 4 tasks on Fashion-MNIST with 10 clients.", 4),
            ("Ten stores get new garment categories every month for a year; the model must remember old ones.", 12),
            ("Eight clinics, images, new classes every quarter over two years, avoid forgetting.", 8),
            ("Thirty phones with photos; new categories are introduced in five phases and must not be forgotten.", 5),
            ("Continual learning on Fashion-MNIST over 12 clients, tasks: 2.", 2),
        ] as [(String, Int)])
    func aStatedCountIsRead(request: String, tasks: Int) {
        let analysis = RequestAnalyzer().analyze(request)

        #expect(analysis.challenges.contains(.continualLearning), "\(request)")
        #expect(analysis.continualTasks == tasks, "\(request)")
    }

    @Test func withoutACountOrContinualLearningThereIsNone() {
        let unstated = RequestAnalyzer().analyze(
            "Sixty phones train on images. New categories appear every month and must not be forgotten.")
        let notContinual = RequestAnalyzer().analyze(
            "Ten phones, Fashion-MNIST, 3 local epochs over 4 stages of tuning.")

        #expect(unstated.challenges.contains(.continualLearning))
        #expect(unstated.continualTasks == nil)
        #expect(notContinual.continualTasks == nil)
    }

    @Test func theComposedTopologyHasTheStatedCountCappedAtTheClasses() throws {
        let chooser = try #require(AgentTestKit.chooser)
        func tasks(_ request: String) throws -> Int? {
            let (analysis, choice) = chooser.choose(for: request)
            return try SpecComposer().compose(name: "continual", analysis, choice).topology().continual?.tasks
        }

        #expect(try tasks("20 phones, Fashion-MNIST, CNN; the classes arrive in three waves, do not forget.") == 3)
        // Twelve monthly waves over ten classes: one class per task at most.
        #expect(try tasks("20 phones, Fashion-MNIST, CNN; new classes every month for a year, do not forget.") == 10)
        #expect(
            try tasks("20 phones, Fashion-MNIST, CNN; new classes keep arriving over time.")
                == SpecComposer.defaultTasks)
    }

    @Test func thePlanSaysWhetherTheCountWasStated() throws {
        let chooser = try #require(AgentTestKit.chooser)
        let planner = ExpertPlanner(chooser: chooser)

        let stated = planner.plan("20 phones, Fashion-MNIST, CNN; the classes arrive in four waves, do not forget.")
        let unstated = planner.plan("20 phones, Fashion-MNIST, CNN; new classes keep arriving over time.")

        #expect(stated.setup["tasks"] == "4 class-incremental tasks")
        #expect(unstated.setup["tasks"] == nil)
        #expect(unstated.assumptions.contains { $0.contains("states no number of tasks") })
    }
}

/// Numbers and proportions in words and the client counts said without "number then noun".
struct NumberWordsTests {
    let analyzer = RequestAnalyzer()

    @Test(
        arguments: [
            ("A hundred and twenty kiosks with cameras.", 120),
            ("Two hundred and fifty phones with images.", 250),
            ("Two thousand five hundred sensors with an MLP.", 2500),
            ("Phones: 10,000. Model: CNN. Per round: 100 phones.", 10000),
            ("A bank consortium of twelve, logistic regression.", 12),
            ("Smart-home hubs, 700 of them, train an MLP.", 700),
        ] as [(String, Int)])
    func clientCounts(request: String, count: Int) {
        #expect(analyzer.analyze(request).clientCount == count, "\(request)")
    }

    @Test(
        arguments: [
            ("40 phones with images; roughly one phone in four is reachable in any given round.", 0.25),
            ("Only 8 of the 32 hospitals are available in any given round.", 0.25),
            ("200 sensors with an MLP; each sensor is offline about 40% of the time.", 0.6),
            ("5,000 phones with a GRU; between 2% and 3% of the phones join a round.", 0.025),
            ("Phones: 10,000. Model: CNN. Per round: 100 phones.", 0.01),
        ] as [(String, Double)])
    func participationFractions(request: String, fraction: Double) throws {
        let found = try #require(analyzer.analyze(request).participation, "\(request)")
        #expect(abs(found - fraction) < 1e-9, "\(request)")
    }

    @Test func aPlainUnitAfterHundredIsNotAddedToIt() throws {
        // "a hundred, one in ten of them" has lost its comma as words: "one" starts a proportion.
        let words = ["a", "hundred", "one", "in", "ten"]
        let hundred = try #require(NumberReading.integer(in: words, at: 0))
        let tens = try #require(NumberReading.integer(in: ["two", "hundred", "twenty", "five"], at: 0))

        #expect(hundred.value == 100 && hundred.length == 2)
        #expect(tens.value == 225 && tens.length == 4)
        #expect(NumberReading.proportion(in: words, at: 2)?.value == 0.1)
    }
}
