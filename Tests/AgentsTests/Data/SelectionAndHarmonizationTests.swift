import Federation
import Testing

@testable import Agents

/// Selection by cards and harmonization's pure steps: refusals say why; unsure labels become
/// questions whose answers decide the mappings.
@Suite struct SelectionAndHarmonizationTests {
    static let task = DataTask(sampleShape: [1, 28, 28], classes: ["T-shirt/top", "Trouser", "Sneaker"])

    static func card(_ id: Int, labels: [String: Int], schema: String = "1×28×28", quality: DataQuality = DataQuality())
        -> DataCard
    {
        let size = labels.values.reduce(0, +)
        return DataCard(
            clientID: id, size: size, schemas: [schema: size], labels: labels, quality: quality,
            summary: ValueSummary())
    }

    @Test func clientsAreTakenOrRefusedWithAReason() {
        let cards = [
            Self.card(0, labels: ["tee": 40, "pants": 40]),
            Self.card(1, labels: ["walking": 50, "lying": 30], schema: "32×3"),
            Self.card(2, labels: ["Bag": 80]),
            Self.card(3, labels: ["tee": 10, "pants": 5], quality: DataQuality(nonFinite: 3)),
            Self.card(4, labels: ["gizmo": 70, "tee": 5]),
        ]

        let decisions = ClientSelector(task: Self.task).decide(cards)

        #expect(decisions.map(\.selected) == [true, false, false, false, false])
        #expect(decisions[1].reason.contains("its samples are 32×3; the task needs 1×28×28"))
        #expect(decisions[2].reason.contains("classes the task excludes (Bag: 80)"))
        #expect(decisions[3].reason.contains("only about 12 usable samples"))
        #expect(decisions[4].reason.contains("name a task class"))
    }

    @Test func unsureLabelsBecomeQuestionsAndAnswersDecideTheMappings() {
        let labels = [0: ["pants", "tee"], 1: ["Sneakr", "Trouser", "zapato raro"]]
        let resolutions = Harmonizer.resolve(labels, classes: Self.task.classes)

        let questions = Harmonizer.questions(resolutions, labels: labels, classes: Self.task.classes)
        let settled = Harmonizer.settle(resolutions, questions, [.accept, .map("Sneaker")], classes: Self.task.classes)
        let mappings = Harmonizer.mappings(settled, labels: labels, classes: Self.task.classes)

        #expect(questions.map(\.label) == ["Sneakr", "zapato raro"] && questions[0].proposal == "Sneaker")
        #expect(questions[0].clients == [1])
        #expect(mappings[0]?.targets == ["pants": "Trouser", "tee": "T-shirt/top"])
        #expect(mappings[1]?.targets == ["Sneakr": "Sneaker", "Trouser": "Trouser", "zapato raro": "Sneaker"])
        #expect(settled.allSatisfy { $0.sure })
    }

    @Test func droppedAnswersAndUnknownClassesDropTheLabel() {
        let labels = [0: ["Sneakr", "zapato raro"]]
        let resolutions = Harmonizer.resolve(labels, classes: Self.task.classes)
        let questions = Harmonizer.questions(resolutions, labels: labels, classes: Self.task.classes)

        let settled = Harmonizer.settle(resolutions, questions, [.drop, .map("Hat")], classes: Self.task.classes)
        let mapping = Harmonizer.mappings(settled, labels: labels, classes: Self.task.classes)[0]

        #expect(mapping?.targets.isEmpty == true && mapping?.dropped.count == 2)
    }

    @Test func theGateReadsYesAClassOrDrop() {
        let classes = Self.task.classes
        #expect(HumanGateAgent.answer("y", classes: classes) == .accept)
        #expect(HumanGateAgent.answer("", classes: classes) == .accept)
        #expect(HumanGateAgent.answer("trouser", classes: classes) == .map("Trouser"))
        #expect(HumanGateAgent.answer("drop", classes: classes) == .drop)
        #expect(HumanGateAgent.answer("hat", classes: classes) == .drop)
        #expect(HumanGateAgent.answer(nil, classes: classes) == .drop)
    }
}
