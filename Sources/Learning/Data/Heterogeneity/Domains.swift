/// Named domains for domain shift: the clients of a domain share one image transform
/// (client c belongs to domain c mod count). The server's test set stays in the original domain.
package struct Domain: Sendable, Equatable {
    package let name: String
    /// nil: the original images.
    package let transform: ImageTransform?

    /// The built-in domains, in assignment order.
    package static let all: [Domain] = [
        Domain(name: "original", transform: nil),
        Domain(name: "rotated-30", transform: .rotation(degrees: 30)),
        Domain(name: "inverted", transform: .inversion),
        Domain(name: "low-contrast", transform: .contrast(factor: 0.4)),
        Domain(name: "blurred", transform: .blur(sigma: 1)),
    ]

    /// The domain of client `client`.
    package static func of(client: Int) -> Domain { all[client % all.count] }
}

/// The `by_user` partition: a dataset's natural users, dealt to clients (sorted user u_i goes to
/// client i mod clients), so every sample goes to exactly one client and no user is split.
package enum UserPartition {
    package static func split(users: [Int32]?, clients: Int, dataset: String) throws(LearningError) -> [[Int]] {
        guard let users else {
            throw LearningError(
                .invalidSetting, "\(dataset) has no users; by_user needs synthetic-leaf or synthetic-sensors")
        }
        let distinct = Array(Set(users)).sorted()
        guard clients >= 1, distinct.count >= clients else {
            throw LearningError(
                .invalidSetting,
                """
                \(dataset) has \(distinct.count) users, fewer than the \(clients) clients; use at most that many \
                clients
                """
            )
        }
        let clientOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset % clients) })
        var parts = [[Int]](repeating: [], count: clients)
        for (i, u) in users.enumerated() { parts[clientOf[u] ?? 0].append(i) }
        return parts
    }
}
