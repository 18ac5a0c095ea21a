/// Who sits on a committee of `count` reviewers: the embedded expert once per prior, in
/// ``ReviewerPrior`` order (balanced first), and, when the reviewers' backend is the LLM, one LLM
/// reviewer last, which falls back to the next prior's ranking (so a failing LLM still adds a
/// perspective the others lack). The endpoint is the one of the process the reviewers live in.
package struct CommitteeMembers: Sendable, Equatable {
    package struct Seat: Sendable, Equatable {
        /// `reviewer-1`…
        package var name: String
        /// The expert's prior (the LLM reviewer's fallback ranking).
        package var prior: ReviewerPrior
        package var asksLLM: Bool
    }

    package let seats: [Seat]

    /// The most reviewers a committee can have.
    package static func maximum(llm: Bool) -> Int { ReviewerPrior.allCases.count + (llm ? 1 : 0) }

    /// The seats of `count` reviewers, or why there cannot be that many.
    package init(count: Int, llm: Bool) throws(CommitteeError) {
        guard count >= 1 else { throw .noReviewers(count) }
        guard count <= Self.maximum(llm: llm) else { throw .tooManyReviewers(count, llm: llm) }
        let priors = ReviewerPrior.allCases
        let experts = llm ? count - 1 : count
        var seats = (0..<experts).map { Seat(name: "reviewer-\($0 + 1)", prior: priors[$0], asksLLM: false) }
        if llm {
            seats.append(Seat(name: "reviewer-\(count)", prior: priors[experts % priors.count], asksLLM: true))
        }
        self.seats = seats
    }
}

/// A committee setting that cannot work; the message says what to write instead.
package enum CommitteeError: Error, Sendable, Equatable, CustomStringConvertible {
    case noReviewers(Int)
    case tooManyReviewers(Int, llm: Bool)
    case noTopK(Int)

    package var description: String {
        let priors = ReviewerPrior.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .noReviewers(let n):
            return "--committee must be at least 1 (the number of reviewers), not \(n)"
        case .tooManyReviewers(let n, let llm):
            return
                """
                --committee \(n) asks for more reviewers than there are: \(ReviewerPrior.allCases.count) expert \
                priors (\(priors))
                """
                    + (llm
                        ? " and one LLM reviewer, so at most \(CommitteeMembers.maximum(llm: true))"
                        : """
                        , so at most \(CommitteeMembers.maximum(llm: false)); --backend reviewers=llm adds an LLM \
                        reviewer
                        """)
        case .noTopK(let k):
            return "--top-k must be at least 1 (how many of the merged proposals are tried), not \(k)"
        }
    }
}
