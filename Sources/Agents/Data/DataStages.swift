import ActorMesh
import Distributed
import Federation
import Foundation

/// What the four data stages produced.
package struct DataStagesOutcome: Codable, Sendable, Equatable {
    package var cards: [DataCard] = []
    package var selection: [SelectionDecision] = []
    package var rules: CleaningRules? = nil
    package var cleaning: [Int: CleaningReport] = [:]
    package var harmonization: HarmonizationPlan? = nil
    package var relabelling: [Int: RelabelReport] = [:]

    /// The clients the server data agent kept.
    package var selectedClients: [Int] { selection.filter(\.selected).map(\.clientID) }
}

/// FedAgentBench's data stages over the mesh: (1) every client agent describes its data in a card,
/// (2) the server agent selects clients by their cards, (3) the selected client agents clean by the
/// server's rules, (4) the server agent harmonizes labels and each selected client relabels locally.
/// Only cards, rules, counts and mappings cross the mesh. Every exchange goes to the transcript.
package struct DataStages: Sendable {
    /// The stages' names, as the transcript and the ledger tables write them.
    package static let stageNames = ["data-description", "data-selection", "data-cleaning", "data-harmonization"]

    package let server: ServerDataAgent
    package let clients: [Int: ClientDataAgent]
    package let deadline: Duration
    package let progress: @Sendable (String) -> Void

    package init(
        server: ServerDataAgent, clients: [Int: ClientDataAgent], deadline: Duration = .seconds(60),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.server = server
        self.clients = clients
        self.deadline = deadline
        self.progress = progress
    }

    /// Runs the four stages in order.
    package func run(_ transcript: inout [TranscriptEntry]) async throws -> DataStagesOutcome {
        var outcome = DataStagesOutcome()
        outcome.cards = try await eachClient(clients.keys.sorted(), stage: 0, sent: "describe", &transcript) {
            try await $1.describe()
        } summary: {
            "\($0.size) samples, \($0.labels.count) labels, schema \($0.mainSchema)"
        }.map(\.1)
        progress("data description: \(outcome.cards.count) cards, \(outcome.cards.map(\.size).reduce(0, +)) samples")
        let cards = outcome.cards
        outcome.selection = try await record(1, "data-server", sent: cards, &transcript) {
            try await server.select(cards)
        } summary: { decisions in
            "selected \(decisions.filter(\.selected).map(\.clientID)); refused "
                + decisions.filter { !$0.selected }.map { "\($0.clientID) (\($0.reason))" }.joined(separator: ", ")
        }
        for refusal in outcome.selection where !refusal.selected {
            progress("data selection: client \(refusal.clientID) refused: \(refusal.reason)")
        }
        let selected = outcome.selectedClients
        progress("data selection: \(selected.count) of \(cards.count) clients fit the task")
        let rules = try await record(2, "data-server", sent: "cleaning rules", &transcript) {
            try await server.cleaningRules()
        } summary: {
            "shape \(DataCard.shapeText($0.sampleShape)), drop non-finite/blank, dedup, standardize"
        }
        outcome.rules = rules
        outcome.cleaning = Dictionary(
            uniqueKeysWithValues: try await eachClient(selected, stage: 2, sent: rules, &transcript) {
                try await $1.clean(rules)
            } summary: {
                """
                kept \($0.after) of \($0.before): dropped \($0.droppedWrongShape) wrong shape, \($0.droppedNonFinite) \
                non-finite, \($0.droppedBlank) blank, \($0.droppedDuplicates) duplicates
                """
            })
        let dropped = outcome.cleaning.values.reduce(0) { $0 + $1.before - $1.after }
        progress("data cleaning: \(selected.count) clients dropped \(dropped) corrupt samples")
        let kept = cards.filter { selected.contains($0.clientID) }
        let decided = try await record(3, "data-server", sent: kept, &transcript) {
            try await server.harmonize(kept)
        } summary: { d in
            let p = d.value
            return
                """
                \(p.resolutions.filter { $0.target != nil }.count) labels mapped, \
                \(p.resolutions.filter { $0.target == nil }.count) dropped, \(p.questions.count) asked at the gate \
                [\(d.decidedBy)]
                """
        }
        outcome.harmonization = decided.value
        transcript[transcript.count - 1].decidedBy = decided.decidedBy
        transcript[transcript.count - 1].note = decided.note
        transcript[transcript.count - 1].llm = decided.llm
        if let note = decided.note { progress("harmonizer: \(note)") }
        let mappings = decided.value.mappings
        outcome.relabelling = Dictionary(
            uniqueKeysWithValues: try await eachClient(selected, stage: 3, sent: "relabel", &transcript) {
                try await $1.relabel(mappings[$0] ?? LabelMapping(classes: [], targets: [:], dropped: [:]))
            } summary: {
                "\($0.perClass.values.reduce(0, +)) samples relabelled, \($0.dropped) dropped"
            })
        progress(
            """
            data harmonization: \(decided.value.resolutions.count) labels onto \
            \(decided.value.mappings.values.first?.classes.count ?? 0) classes, \(decided.value.questions.count) \
            asked at the gate
            """
        )
        return outcome
    }
}
