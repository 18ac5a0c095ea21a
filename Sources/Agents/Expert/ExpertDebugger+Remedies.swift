/// The debugger's remedies that read the symptom more closely than its finding's code: a misspelt
/// option the tester named, DP noise behind a rising loss, and a learning rate already at its floor.
extension ExpertDebugger {
    /// The lowest learning rate the debugger sets: below it, training barely moves and lowering it
    /// further hides the cause (a DP run's noise, a bad option) instead of fixing it.
    static let learningRateFloor = 1e-4

    /// "… has no option 'clip_norm' (did you mean 'clipping_norm'?)": the option renamed, its value kept.
    static func renameMisspeltOption(_ s: inout FederationSpec, detail: String) -> String? {
        guard let wrong = quoted(after: "has no option '", in: detail),
            let right = quoted(after: "did you mean '", in: detail),
            let value = s.strategy.options[wrong], s.strategy.options[right] == nil
        else { return nil }
        s.strategy.options[wrong] = nil
        s.strategy.options[right] = value
        return "strategy option \(wrong) → \(right), keeping its value \(value) (the tester did not know \(wrong))"
    }

    /// A DP run whose loss rises or whose accuracy stalls: the noise on the mean update is σ·C/n, so
    /// more clients per round (n) shrink it, then a smaller clipping norm (C); the learning rate and
    /// the privacy (σ, the target ε) stay as planned.
    static func quietDPNoise(_ s: inout FederationSpec) -> String? {
        guard s.strategy.name == "dp-fedavg" else { return nil }
        if s.server.fraction < 1 {
            let raised = min(1, s.server.fraction * 2)
            defer { s.server.fraction = raised }
            return
                """
                participation fraction \(s.server.fraction) → \(raised) (the DP noise on the mean update, σ·C/n, \
                drowns the updates; more clients per round shrink it, at the same privacy per client)
                """
        }
        let clip = s.strategy.options["clipping_norm"] ?? 1
        guard clip > 0.05 else { return nil }
        s.strategy.options["clipping_norm"] = clip / 2
        return
            """
            DP clipping norm \(clip) → \(clip / 2) (the noise σ·C/n drowns the updates and every client already takes \
            part)
            """
    }

    /// The learning rate divided by `factor`, unless that goes below ``learningRateFloor``; then one
    /// local epoch fewer, if there is one to drop.
    static func slowDown(_ s: inout FederationSpec, by factor: Double, because why: String) -> [String] {
        let lowered = s.client.learningRate / factor
        if lowered >= learningRateFloor {
            defer { s.client.learningRate = lowered }
            return ["learning rate \(s.client.learningRate) → \(lowered) (\(why))"]
        }
        guard s.client.localEpochs > 1 else { return [] }
        defer { s.client.localEpochs -= 1 }
        return [
            """
            local epochs \(s.client.localEpochs) → \(s.client.localEpochs - 1) (\(why); the learning rate \
            \(s.client.learningRate) is already at its floor)
            """
        ]
    }

    /// The text between `marker` and the next `'`.
    private static func quoted(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound, let end = text[start...].firstIndex(of: "'") else {
            return nil
        }
        let word = String(text[start..<end])
        return word.isEmpty ? nil : word
    }
}
