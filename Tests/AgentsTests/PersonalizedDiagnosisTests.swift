import Agents
import Federation
import Testing

/// FedBN's and FedPer's global model is not what their clients run: the evaluator judges them by the
/// clients' own evaluations.
@Suite struct PersonalizedDiagnosisTests {
    /// Three rounds where the global model stays at chance (its BatchNorm statistics were never
    /// trained) while the clients' personalized models learn.
    func report() -> RunReport {
        var rounds: [RoundRecord] = []
        for (i, clientMean) in [0.4, 0.55, 0.7].enumerated() {
            var r = RoundRecord(round: i + 1)
            r.invited = [0, 1]
            r.completed = [0, 1]
            r.trainLoss = 1.5 - 0.2 * Double(i)
            r.globalAccuracy = 0.08
            r.clientAccuracy = [0: clientMean - 0.05, 1: clientMean + 0.05]
            rounds.append(r)
        }
        return RunReport(rounds: rounds)
    }

    @Test func personalizedStrategiesAreJudgedByTheClientsOwnAccuracy() throws {
        let diagnosis = TrialEvaluator.diagnose(report(), classes: 10, rounds: 3, personalized: true)
        #expect(diagnosis.issues.isEmpty, "\(diagnosis.issues)")
        let accuracy = try #require(diagnosis.accuracy)
        #expect(abs(accuracy - 0.7) < 1e-9)
    }

    @Test func otherStrategiesAreStillJudgedByTheGlobalModel() {
        let diagnosis = TrialEvaluator.diagnose(report(), classes: 10, rounds: 3)
        #expect(diagnosis.issues.contains { $0.finding == .chanceAccuracy })
        #expect(diagnosis.issues.contains { $0.finding == .frozenMetrics })
        #expect(diagnosis.accuracy == 0.08)
    }

    @Test func withoutClientEvaluationsThePersonalizedRunFallsBackToTheGlobalModel() {
        var plain = report()
        for i in plain.rounds.indices { plain.rounds[i].clientAccuracy = [:] }
        let diagnosis = TrialEvaluator.diagnose(plain, classes: 10, rounds: 3, personalized: true)
        #expect(diagnosis.accuracy == 0.08)
        #expect(diagnosis.issues.contains { $0.finding == .chanceAccuracy })
    }
}
