import Federation

/// What a trial's rounds cost on this machine: the wall time of a typical round and the work it did,
/// in floating-point operations of training and of evaluation. A full run's round is estimated from
/// it at the same seconds per operation (``secondsPerFLOP``), so fixed costs per round (messages,
/// aggregation) are scaled with the work: an overestimate when the full run does more work per round.
package struct TrialMeasurement: Codable, Sendable, Equatable {
    /// The median wall seconds of the trial's rounds.
    package var secondsPerRound: Double
    /// Training operations per round: invited clients × local epochs × samples × per-sample cost.
    package var trainingFLOPsPerRound: Double
    /// Evaluation operations per round: the global test set, plus the round's clients' held-out data
    /// with a federated evaluation.
    package var evaluationFLOPsPerRound: Double
    /// The model's per-sample cost: one training step and one forward pass.
    package var sampleTrainingFLOPs: Double
    package var sampleForwardFLOPs: Double
    /// The test images the global model was measured on each round (0: not recorded).
    package var testSamples = 0
    /// The held-out samples the round's clients evaluated on together, with a federated evaluation (else 0).
    package var heldOutSamples = 0

    package init(
        secondsPerRound: Double, trainingFLOPsPerRound: Double, evaluationFLOPsPerRound: Double,
        sampleTrainingFLOPs: Double, sampleForwardFLOPs: Double
    ) {
        self.secondsPerRound = secondsPerRound
        self.trainingFLOPsPerRound = trainingFLOPsPerRound
        self.evaluationFLOPsPerRound = evaluationFLOPsPerRound
        self.sampleTrainingFLOPs = sampleTrainingFLOPs
        self.sampleForwardFLOPs = sampleForwardFLOPs
    }

    /// Measured from a trial's report; nil when no round ran or the cost is unknown.
    init?(
        _ report: RunReport, cost: SampleFLOPs, spec: FederationSpec, invited: Int, samples: Int, tests: Int,
        heldOut: Int
    ) {
        let times = report.rounds.map(\.wallSeconds).sorted()
        guard !times.isEmpty, cost.training > 0, cost.forward > 0 else { return nil }
        let data = RunBudget.DataSize(spec)
        let trained = Double(min(samples, data.samplesPerClient))
        let tested = Double(min(tests, data.testSamples))
        // Only the round's clients evaluate on their held-out data.
        let federated = spec.server.federatedEvaluation ? Double(invited * min(heldOut, data.heldOutPerClient)) : 0
        self.init(
            secondsPerRound: times[times.count / 2],
            trainingFLOPsPerRound: Double(invited * spec.client.localEpochs) * trained * cost.training,
            evaluationFLOPsPerRound: (tested + federated) * cost.forward,
            sampleTrainingFLOPs: cost.training, sampleForwardFLOPs: cost.forward)
        (testSamples, heldOutSamples) = (Int(tested), Int(federated))
    }

    /// Wall seconds per operation on this machine, as the trial measured it.
    package var secondsPerFLOP: Double {
        secondsPerRound / max(1, trainingFLOPsPerRound + evaluationFLOPsPerRound)
    }
}
