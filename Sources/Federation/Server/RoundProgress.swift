/// What the server tells whoever drives it while a run goes: a round starting with the clients it
/// invited, each client's answer as it arrives, and the round's record when it ends.
///
/// Answers arrive in wall-clock order. Whether an answer counts (completed), came too late in virtual
/// time (straggled) or was one too many (surplus) is known only when the round ends, in its record.
public enum RoundProgress: Sendable, Equatable {
    /// The round's clients were invited and sent their instructions.
    case started(round: Int, invited: [Int])
    /// One invited client answered `fit` (or its call failed).
    case answered(round: Int, client: Int, answer: Answer)
    /// The round ended; its record is final.
    case ended(RoundRecord)

    /// How a client's `fit` call came back.
    public enum Answer: Sendable, Equatable {
        /// With a result (checked when the round is classified).
        case result
        /// The client said it dropped out.
        case droppedOut
        /// An error, the call timeout, or a lost connection.
        case failed(reason: String)
    }

    /// The round this is about.
    public var round: Int {
        switch self {
        case .started(let round, _), .answered(let round, _, _): round
        case .ended(let record): record.round
        }
    }
}
