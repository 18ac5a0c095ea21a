import ActorMesh
import Distributed
import Federation

/// The server's data agent: judges the clients' data cards against the task, writes the cleaning
/// rules, and maps every client's labels onto the task's classes — offline by normalization, its
/// glossary and close spellings, through the LLM when one is configured, and at the human gate for
/// what it is unsure of. It never sees a sample: only cards.
package distributed actor ServerDataAgent {
    package typealias ActorSystem = MeshSystem

    /// The agent's path on the coordinator.
    package static let path = "agents/data-server"

    private let task: DataTask
    private let llm: ChatClient?
    private let gate: HumanGateAgent

    package init(actorSystem: MeshSystem, task: DataTask, gate: HumanGateAgent, llm: ChatClient? = nil) {
        self.actorSystem = actorSystem
        self.task = task
        self.gate = gate
        self.llm = llm
    }

    /// Stage 2: which clients fit the task, and why each refused one does not.
    package distributed func select(_ cards: [DataCard]) -> [SelectionDecision] {
        ClientSelector(task: task).decide(cards)
    }

    /// Stage 3: the rules every selected client cleans by.
    package distributed func cleaningRules() -> CleaningRules {
        CleaningRules(sampleShape: task.sampleShape)
    }

    /// Stage 4: every selected client's mapping, with how each label was read and what the gate was asked.
    package distributed func harmonize(_ cards: [DataCard]) async throws -> Decided<HarmonizationPlan> {
        let labels = Harmonizer.labels(of: cards)
        var resolutions = Harmonizer.resolve(labels, classes: task.classes)
        var decided = Decided<HarmonizationPlan>.expert(
            HarmonizationPlan(resolutions: [], mappings: [:], questions: [], answers: []))
        let unsure = resolutions.filter { !$0.sure }
        if let llm, !unsure.isEmpty {
            let offline = HarmonizerPrompt.Answer(
                mappings: unsure.map { .init(label: $0.label, target: $0.target ?? HarmonizerPrompt.none) })
            let asked = await llm.decide(HarmonizerPrompt.query(unsure, classes: task.classes), expert: offline)
            if asked.decidedBy == "llm" {
                let read = Dictionary(
                    uniqueKeysWithValues: HarmonizerPrompt.apply(asked.value, to: unsure).map { ($0.label, $0) })
                resolutions = resolutions.map { read[$0.label] ?? $0 }
            }
            (decided.decidedBy, decided.note, decided.llm) = (asked.decidedBy, asked.note, asked.llm)
        }
        let questions = Harmonizer.questions(resolutions, labels: labels, classes: task.classes)
        let answers = questions.isEmpty ? [] : try await gate.settle(questions)
        resolutions = Harmonizer.settle(resolutions, questions, answers, classes: task.classes)
        decided.value = HarmonizationPlan(
            resolutions: resolutions,
            mappings: Harmonizer.mappings(resolutions, labels: labels, classes: task.classes),
            questions: questions, answers: answers)
        return decided
    }
}
