import Foundation

extension ServerCheckpoint {
    /// Throws unless this checkpoint can continue a run with `fingerprint`, a model of
    /// `parameterCount` parameters and clients `clientIDs`: the run settings match (the first one
    /// that differs is named), every parameter is finite (the first that is not is named), and the
    /// late updates are finite, of the model's length, from known clients and based on a done round.
    package func check(fingerprint expected: RunFingerprint, parameterCount: Int, clientIDs: Set<Int>)
        throws(FederationError)
    {
        if let mismatch = expected.mismatch(recorded: fingerprint) { throw FederationError(.checkpoint, mismatch) }
        guard parameters.count == parameterCount, completedRounds == rounds.count else {
            throw FederationError(
                .checkpoint,
                """
                the checkpoint is inconsistent: \(parameters.count) parameters for a model of \(parameterCount), \
                \(rounds.count) round records for \(completedRounds) rounds
                """
            )
        }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
            throw FederationError(
                .checkpoint,
                """
                the checkpoint's model is unusable: parameter \(bad) is \(word(parameters[bad])); start afresh or \
                resume from an earlier checkpoint
                """
            )
        }
        for (client, loss) in lastLoss where !loss.isFinite || !clientIDs.contains(client) {
            throw FederationError(
                .checkpoint,
                """
                the checkpoint is inconsistent: it records a last loss of \(loss) for client \(client), which this \
                run \(clientIDs.contains(client) ? "has" : "does not have")
                """
            )
        }
        for update in lateUpdates?.pending ?? [] {
            let client = update.result.clientID
            guard (0...completedRounds).contains(update.baseRound), update.arrival.isFinite else {
                throw FederationError(
                    .checkpoint,
                    """
                    the checkpoint is inconsistent: client \(client)'s late update is based on round \
                    \(update.baseRound) and arrives at \(update.arrival) s, after \(completedRounds) completed rounds
                    """
                )
            }
            guard clientIDs.contains(client) else {
                throw FederationError(
                    .checkpoint,
                    """
                    the checkpoint is inconsistent: it holds a late update of client \(client), which this run does \
                    not have
                    """
                )
            }
            do {
                try update.result.check(from: client, sentCount: parameterCount)
            } catch {
                throw FederationError(.checkpoint, "the checkpoint's late update is unusable: \(error.message)")
            }
        }
    }

    /// The first non-finite number, or vector of another length than the model's, in a strategy's
    /// restored state (found by reflection over its stored properties: optimizer moments, control
    /// variates, buffers); nil when the state is usable.
    package static func stateProblem(in strategy: any Strategy, parameterCount: Int) -> String? {
        problem(in: strategy, path: strategy.name, parameterCount: parameterCount, depth: 0)
    }

    private static func problem(in value: Any, path: String, parameterCount: Int, depth: Int) -> String? {
        switch value {
        case let vector as [Float]:
            if let bad = vector.firstIndex(where: { !$0.isFinite }) { return "\(path)[\(bad)] is \(word(vector[bad]))" }
            if !vector.isEmpty && vector.count != parameterCount {
                return "\(path) has \(vector.count) values; the model has \(parameterCount)"
            }
            return nil
        case let vector as [Double]:
            return vector.firstIndex { !$0.isFinite }.map { "\(path)[\($0)] is \(word(vector[$0]))" }
        case let number as Float:
            return number.isFinite ? nil : "\(path) is \(word(number))"
        case let number as Double:
            return number.isFinite ? nil : "\(path) is \(word(number))"
        case let table as [Int: Double]:
            return table.sorted { $0.key < $1.key }.first { !$0.value.isFinite }.map {
                "\(path)[\($0.key)] is \(word($0.value))"
            }
        case is [Int], is [Int32], is [UInt8], is Data, is String:
            return nil  // index maps and text: nothing to check, and not worth walking element by element
        default:
            // Structs, enums, optionals and the strategies a strategy wraps; deep nesting is not state.
            guard depth < 8 else { return nil }
            for (offset, child) in Mirror(reflecting: value).children.enumerated() {
                let name = child.label ?? String(offset)
                if let found = problem(
                    in: child.value, path: "\(path).\(name)", parameterCount: parameterCount, depth: depth + 1)
                {
                    return found
                }
            }
            return nil
        }
    }

    /// "NaN", "+infinity", "-infinity" (or the number) for messages.
    private static func word<T: BinaryFloatingPoint>(_ x: T) -> String {
        x.isNaN ? "NaN" : x.isInfinite ? (x < 0 ? "-infinity" : "+infinity") : "\(Double(x))"
    }
    private func word(_ x: Float) -> String { Self.word(x) }
}
