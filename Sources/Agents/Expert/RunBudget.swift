import Federation
import Foundation

/// A wall-time budget for `auto`: the full run is sized to finish within what is left of it once the
/// agents are done, from the trial's measured round time (``TrialMeasurement``).
///
/// Sizing keeps the planned run when it fits in ``safety`` of the time left. Otherwise it shrinks, in
/// this order and each only as far as needed: the global test set (to no fewer than 1,000 samples),
/// the training samples per client (to no fewer than 100), the rounds (to no fewer than 10), the
/// clients per round (to no fewer than 2), the rounds again (to no fewer than 3); and if even that does
/// not fit, samples to 32, the test set to 200 and the rounds to 1. Rounds are kept before clients per
/// round: each round is one step of the global model, while more clients in a round only average
/// more updates of that step, so a run cut to a few rounds of many clients barely learns. Every change is a sentence in ``Sizing/notes``. The global test set
/// costs what the run evaluates: every `evaluateEvery` rounds and the last (``globalEvaluations``).
package struct RunBudget: Sendable, Equatable {
    /// The whole budget in seconds.
    package var seconds: Double
    /// The share of the time left that the estimate may fill: the rest absorbs the estimate's error
    /// and a machine busier than during the trial.
    package var safety = 0.7
    /// Seconds a full run spends outside its rounds (starting, the initial evaluation, the report).
    package var startupSeconds = 5.0

    /// The default budget of `auto`: ten minutes.
    package static let defaultBudget = RunBudget(seconds: 600)

    package init(seconds: Double) { self.seconds = seconds }

    /// Reads "10m", "90s", "1h", "1h30m", "45" (seconds) or "2.5m".
    package static func parse(_ text: String) throws(BudgetError) -> RunBudget {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var total = 0.0
        var number = ""
        for ch in text.trimmingCharacters(in: .whitespaces).lowercased() {
            if ch.isNumber || ch == "." {
                number.append(ch)
            } else if let unit = units[ch], let value = Double(number) {
                total += value * unit
                number = ""
            } else {
                throw BudgetError(text)
            }
        }
        if !number.isEmpty {
            guard let value = Double(number) else { throw BudgetError(text) }
            total += value
        }
        guard total >= 1, total.isFinite else { throw BudgetError(text) }
        return RunBudget(seconds: total)
    }

    /// How much data a spec's clients and evaluator hold (the dataset's whole split over the clients;
    /// the test set of Fashion-MNIST is 10,000 images, a synthetic set's a quarter of its training part).
    package struct DataSize: Sendable, Equatable {
        package var samplesPerClient: Int
        package var heldOutPerClient: Int
        package var testSamples: Int

        package init(_ spec: FederationSpec) {
            let train = DatasetFacts.of(spec.task.dataset)?.trainSamples ?? 60_000
            let perClient = Double(train) / Double(max(1, spec.server.clients))
            samplesPerClient = max(1, Int(perClient * (1 - spec.task.holdout)))
            heldOutPerClient = Int(perClient * spec.task.holdout)
            testSamples = spec.task.dataset == "fashion-mnist" ? 10_000 : max(1, train / 4)
        }
    }

    /// The sized spec, what changed, and the estimated wall seconds of the full run.
    package struct Sizing: Sendable, Equatable {
        package var spec: FederationSpec
        package var notes: [String]
        package var estimatedSeconds: Double
    }

    /// `spec` sized to run in `available` seconds at the trial's measured speed.
    package func size(_ spec: FederationSpec, measured m: TrialMeasurement, available: Double) -> Sizing {
        let data = DataSize(spec)
        var s = spec
        let clients = spec.server.clients
        var samples = min(data.samplesPerClient, spec.server.samplesPerClient ?? .max)
        var tests = min(data.testSamples, spec.server.testSamples ?? .max)
        var rounds = spec.server.rounds
        var invited = Self.invited(spec.server.fraction, of: clients, overcommit: spec.server.overcommit)
        let epochs = Double(spec.client.localEpochs)
        let target = max(0, (available - startupSeconds) * safety)

        /// With a federated evaluation, the round's `k` clients each test on their held-out data (at
        /// most as many samples as they train on): the server asks only the round's completed clients.
        func heldOut(_ n: Int, _ k: Int) -> Double {
            spec.server.federatedEvaluation ? Double(k * min(n, data.heldOutPerClient)) : 0
        }
        /// Wall seconds of `r` rounds: training and federated evaluation every round, the global
        /// test set as often as the run evaluates it.
        func run(_ r: Int, _ n: Int, _ t: Int, _ k: Int) -> Double {
            let perRound = Double(k) * epochs * Double(n) * m.sampleTrainingFLOPs + heldOut(n, k) * m.sampleForwardFLOPs
            let testing = Double(Self.globalEvaluations(rounds: r, every: spec.server.evaluateEvery) * t)
            return m.secondsPerFLOP * (Double(r) * perRound + testing * m.sampleForwardFLOPs)
        }
        func fits() -> Bool { run(rounds, samples, tests, invited) <= target }
        /// The largest value in `floor...current` that fits, by bisection (round time grows with each).
        func largest(_ current: Int, floor: Int, _ fitsWith: (Int) -> Bool) -> Int {
            guard current > floor else { return current }
            if fitsWith(current) { return current }
            var (lo, hi) = (floor, current)
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if fitsWith(mid) { lo = mid } else { hi = mid }
            }
            return lo
        }
        let steps: [(floor: Int, field: WritableKeyPath<Knobs, Int>)] = [
            (1000, \.tests), (100, \.samples), (10, \.rounds), (2, \.invited), (3, \.rounds), (32, \.samples),
            (200, \.tests), (1, \.rounds),
        ]
        var knobs = Knobs(samples: samples, tests: tests, rounds: rounds, invited: invited)
        for step in steps where !fits() {
            let current = knobs[keyPath: step.field]
            knobs[keyPath: step.field] = largest(current, floor: min(step.floor, current)) { value in
                var k = knobs
                k[keyPath: step.field] = value
                return run(k.rounds, k.samples, k.tests, k.invited) <= target
            }
            (samples, tests, rounds, invited) = (knobs.samples, knobs.tests, knobs.rounds, knobs.invited)
        }
        var notes: [String] = []
        let held = min(data.samplesPerClient, spec.server.samplesPerClient ?? .max)
        if samples < held {
            s.server.samplesPerClient = samples
            notes.append("training samples per client \(held) → \(samples)")
        }
        let tested = min(data.testSamples, spec.server.testSamples ?? .max)
        if tests < tested {
            s.server.testSamples = tests
            notes.append("global test set \(tested) → \(tests) samples")
        }
        if rounds < spec.server.rounds {
            s.server.rounds = rounds
            notes.append("rounds \(spec.server.rounds) → \(rounds)")
        }
        let planned = Self.invited(spec.server.fraction, of: clients, overcommit: spec.server.overcommit)
        if invited < planned {
            s.server.fraction = Double(invited) / Double(clients) / (1 + spec.server.overcommit)
            s.server.minFit = min(s.server.minFit, invited)
            notes.append("clients per round \(planned) → \(invited) of \(clients)")
        }
        return Sizing(
            spec: s, notes: notes, estimatedSeconds: startupSeconds + run(rounds, samples, tests, invited))
    }

    /// How many times a run of `rounds` rounds evaluates the global model on the test set: every
    /// `every` rounds and after the last (as the server does), never when `every` is 0.
    static func globalEvaluations(rounds: Int, every: Int) -> Int {
        guard every > 0, rounds > 0 else { return 0 }
        return rounds / every + (rounds % every == 0 ? 0 : 1)
    }

    /// The settings sizing turns, as one value for the bisection.
    struct Knobs {
        var samples, tests, rounds, invited: Int
    }

    /// Clients invited per round (as ``ParticipationPolicy`` rounds a fraction: up, over-committed).
    static func invited(_ fraction: Double, of clients: Int, overcommit: Double) -> Int {
        let target = max(1, Int((fraction * Double(clients)).rounded(.up)))
        return min(clients, Int((Double(target) * (1 + overcommit)).rounded(.up)))
    }
}

/// A `--budget` that is not a duration.
package struct BudgetError: Error, CustomStringConvertible, Sendable {
    package let text: String
    init(_ text: String) { self.text = text }
    package var description: String {
        "budget '\(text)' is not a duration of at least a second: write e.g. 10m, 90s, 1h or 1h30m"
    }
}
