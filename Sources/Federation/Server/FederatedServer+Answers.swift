import Foundation

/// The classify phase of a round (see ``FederatedServer/runRound(_:)``): each answer checked, timed
/// and given its fate in a ``RoundBook``, in that order, and written to the round's record.
extension FederatedServer {
    /// Sorts the answers by what they were (completed, straggled, surplus, dropped, failed; each
    /// answer checked first) and records each client's bytes, time and fate.
    func classify(
        _ arrivals: [Int: Arrival], of instructions: [Int: FitInstructions], target k: Int,
        realTimeScale scale: Double?,
        into record: inout RoundRecord, round: Int, roundStart: Double
    ) -> RoundAnswers {
        Self.recordDownloads(of: instructions, into: &record)
        var book = RoundBook(target: k, deadlineSeconds: config.roundDeadlineSeconds)
        var answers = RoundAnswers()
        for id in instructions.keys where arrivals[id] == nil { book.cutOff(id) }
        let usable = checkedAnswers(arrivals, of: instructions, book: &book, answers: &answers)
        let seconds = roundSeconds(
            of: usable.mapValues { ($0.result.flops, $0.up) }, instructions: instructions, arrivals: arrivals,
            realTimeScale: scale)
        useTimedAnswers(usable, seconds: seconds, book: &book, answers: &answers, record: &record)
        recordFates(
            book.outcomes, of: instructions, round: round, roundStart: roundStart, answers: &answers, record: &record)
        record.straggled.sort(); record.surplus.sort(); record.dropped.sort(); record.failed.sort()
        record.completed = book.completed
        record.virtualSeconds = book.virtualSeconds
        return answers
    }

    /// Every invited client was sent the model, whether it answers or not; the uploads are counted
    /// as the answers are used.
    private static func recordDownloads(of instructions: [Int: FitInstructions], into record: inout RoundRecord) {
        record.clientBytesDown = instructions.mapValues { 4 * $0.parameters.count }
        record.logicalBytesDown = instructions.values.reduce(0) { $0 + 4 * $1.parameters.count }
        record.clientBytesUp = [:]
    }

    /// The answers that passed ``checked(_:from:sent:)``, by client, with their upload's logical size;
    /// a dropout, a failed call or an unusable answer goes to the book and the failures instead.
    private func checkedAnswers(
        _ arrivals: [Int: Arrival], of instructions: [Int: FitInstructions], book: inout RoundBook,
        answers: inout RoundAnswers
    ) -> [Int: (result: FitResult, up: Int)] {
        var usable: [Int: (result: FitResult, up: Int)] = [:]
        for id in arrivals.keys.sorted() {
            guard let arrival = arrivals[id] else { continue }
            switch arrival.outcome {
            case .success(let result):
                do {
                    usable[id] = try checked(result, from: id, sent: instructions[id]?.parameters ?? global)
                } catch {
                    Self.reject(id, because: "\(error)", book: &book, answers: &answers)
                }
            case .failure(let error):
                if let f = error as? FederationError, f.code == .droppedOut {
                    book.failed(id, .dropped)
                    answers.failures.append(ClientFailure(clientID: id, kind: .dropout, reason: f.message))
                } else {
                    Self.reject(id, because: "\(error)", book: &book, answers: &answers)
                }
            }
        }
        return usable
    }

    /// The usable answers whose round time the virtual clock can hold: each is booked at its time, its
    /// upload and time recorded, its result kept for aggregation and its loss for loss-based sampling.
    private func useTimedAnswers(
        _ usable: [Int: (result: FitResult, up: Int)], seconds: [Int: Double], book: inout RoundBook,
        answers: inout RoundAnswers, record: inout RoundRecord
    ) {
        for id in usable.keys.sorted() {
            guard let (result, up) = usable[id] else { continue }
            // A time the clock cannot hold (a huge FLOP count on a tiny speed) would poison the virtual
            // clock and the checkpoint: the answer is unusable.
            guard let time = seconds[id], time.isFinite, time >= 0 else {
                let speed = descriptions[id]?.profile.device.flopsPerSecond ?? 0
                let error = FederationError(
                    .invalidUpdate,
                    """
                    client \(id)'s round time is \(seconds[id] ?? .nan) virtual seconds (\(result.flops) FLOPs at \
                    \(speed) FLOP/s)
                    """
                )
                Self.reject(id, because: "\(error)", book: &book, answers: &answers)
                continue
            }
            record.logicalBytesUp += up
            record.clientBytesUp?[id] = up
            book.answered(id, virtualSeconds: time)
            record.clientVirtualSeconds[id] = time
            answers.results[id] = result
            lastLoss[id] = result.trainLoss
        }
    }

    /// Each client's fate in the record; a straggler is a failure the strategy is told of, and with a
    /// staleness bound its update is held for the round in which it arrives.
    private func recordFates(
        _ outcomes: [Int: ClientOutcome], of instructions: [Int: FitInstructions], round: Int, roundStart: Double,
        answers: inout RoundAnswers, record: inout RoundRecord
    ) {
        for (id, outcome) in outcomes {
            switch outcome {
            case .straggled(let seconds):
                record.straggled.append(id)
                if strategy.maxStaleness != nil, let result = answers.results[id],
                    let sent = instructions[id]?.parameters
                {
                    late.hold(result, sent: sent, round: round, arrival: roundStart + seconds)
                    answers.failures.append(
                        ClientFailure(
                            clientID: id, kind: .straggler,
                            reason: "past the round deadline; its update arrives in a later round"))
                } else {
                    answers.failures.append(
                        ClientFailure(clientID: id, kind: .straggler, reason: "past the round deadline"))
                }
            case .surplus: record.surplus.append(id)
            case .dropped: record.dropped.append(id)
            case .failed(let reason):
                record.failed.append(id)
                record.failureReasons = record.failureReasons ?? [:]
                record.failureReasons?[id] = reason
            case .completed: break
            }
        }
    }

    /// Each usable answer's round time in virtual seconds: the wall clock's, scaled, in real time; in
    /// virtual time the network model's, every invited client downloading the model together and the
    /// answering ones uploading their updates (`usable`: FLOPs and update bytes by client) over shared links.
    func roundSeconds(
        of usable: [Int: (flops: Double, up: Int)], instructions: [Int: FitInstructions], arrivals: [Int: Arrival],
        realTimeScale scale: Double?
    ) -> [Int: Double] {
        if let scale {
            return Dictionary(
                uniqueKeysWithValues: usable.keys.compactMap { id in arrivals[id].map { (id, $0.seconds / scale) } })
        }
        var transfers: [Int: RoundTransfers.Client] = [:]
        for (id, sent) in instructions where arrivals[id] != nil {
            transfers[id] = RoundTransfers.Client(
                profile: descriptions[id]?.profile ?? ClientProfile(), bytesDown: 4 * sent.parameters.count,
                answer: usable[id].map { (flops: $0.flops, bytesUp: $0.up) })
        }
        return RoundTransfers(network: config.network).timings(transfers).mapValues(\.totalSeconds)
    }

    /// Records that `id`'s answer cannot be used: failed in the book, an error among the failures.
    private static func reject(
        _ id: Int, because reason: String, book: inout RoundBook, answers: inout RoundAnswers
    ) {
        book.failed(id, .failed(reason: reason))
        answers.failures.append(ClientFailure(clientID: id, kind: .error, reason: reason))
    }

    /// One answer checked and made whole: the result with full parameters and its upload's logical
    /// size. Throws when the answer is unusable.
    func checked(_ answer: FitResult, from id: Int, sent: [Float]) throws -> (result: FitResult, up: Int) {
        var result = answer
        try result.check(from: id, sentCount: sent.count, describedSamples: descriptions[id]?.sampleCount)
        let up = try Self.restoreParameters(of: &result, sentParameters: sent)
        try strategy.validate(result)
        return (result, up)
    }
}
