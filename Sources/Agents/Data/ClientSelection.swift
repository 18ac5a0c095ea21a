import Federation

/// The server data agent's verdict on one client: taken or refused, and why.
package struct SelectionDecision: Codable, Sendable, Equatable {
    package var clientID: Int
    package var selected: Bool
    package var reason: String
}

/// Chooses the clients whose data cards fit a task: pure, tested alone. A client is refused when its
/// samples have another shape, when its labels name too few of the task's classes (another task's
/// data, or only classes the task excludes), or when too few of its samples are usable.
package struct ClientSelector: Sendable {
    package var task: DataTask

    package init(task: DataTask) { self.task = task }

    package func decide(_ cards: [DataCard]) -> [SelectionDecision] {
        cards.sorted { $0.clientID < $1.clientID }.map(decide)
    }

    package func decide(_ card: DataCard) -> SelectionDecision {
        func refuse(_ why: String) -> SelectionDecision {
            SelectionDecision(clientID: card.clientID, selected: false, reason: why)
        }
        let shape = DataCard.shapeText(task.sampleShape)
        guard card.size > 0 else { return refuse("it holds no data") }
        guard card.mainSchema == shape else {
            return refuse("its samples are \(card.mainSchema); the task needs \(shape)")
        }
        let resolver = LabelResolver(classes: task.classes)
        var (covered, labelled, excluded) = (0, 0, [String: Int]())
        for (label, count) in card.labels {
            let r = resolver.resolve(label)
            guard r.reason != "blank label" else { continue }
            labelled += count
            if r.target != nil { covered += count }
            if r.method == .excluded { excluded[label, default: 0] += count }
        }
        let coverage = labelled == 0 ? 0 : Double(covered) / Double(labelled)
        guard coverage >= task.minimumCoverage else {
            if !excluded.isEmpty, excluded.values.reduce(0, +) * 2 >= labelled {
                let named = excluded.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                return refuse("its labels name classes the task excludes (\(named.joined(separator: ", ")))")
            }
            let some = card.labels.keys.sorted().prefix(4).joined(separator: ", ")
            return refuse(
                "only \(percent(coverage)) of its labelled samples name a task class (labels such as \(some))")
        }
        let q = card.quality
        let usable = card.size - q.nonFinite - q.wrongShape - q.blankLabels - q.duplicates
        guard usable >= task.minimumSamples else {
            return refuse("only about \(max(0, usable)) usable samples; the task needs \(task.minimumSamples)")
        }
        return SelectionDecision(
            clientID: card.clientID, selected: true,
            reason:
                """
                \(shape) samples, \(percent(coverage)) of its labelled samples name task classes, about \(usable) \
                usable samples
                """
        )
    }

    private func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
