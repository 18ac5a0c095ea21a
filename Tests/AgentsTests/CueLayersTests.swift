import Testing

@testable import Agents

/// The cue model's layers (issue 27): cue words read in their sense, effects described through
/// concept groups, metrics said in more ways, and privacy targets written as "(ε, δ)-DP". Each
/// request here is checked with its layer on, and where it matters, off.
struct CueLayersTests {
    let analyzer = RequestAnalyzer()

    @Test(arguments: [
        (
            "Ten online shops share purchase logs; in contrast to last year, we train a global MLP.",
            Challenge.connectivity
        ),
        ("Ten online shops share purchase logs; in contrast to last year, we train a global MLP.", .domainShift),
        ("Forty clinics hold heart attack records and an MLP predicts readmission.", .robustness),
        ("Twelve water utilities log pipe leaks with their sensors; train an MLP.", .privacy),
        ("Eight plants log air compressor vibration; GRU please.", .bandwidth),
        ("Thirty phones; the budget ones only fit a slimmed-down model in memory.", .stragglers),
    ])
    func aCueWordInAnotherSenseIsNoEvidence(request: String, absent: Challenge) {
        #expect(!analyzer.analyze(request).challenges.contains(absent))
    }

    @Test(arguments: [
        (
            "Nine clinics; the raters were rushed and a lot of the diagnoses they gave are dubious.",
            Challenge.labelNoise
        ),
        ("Six labs, and the technicians miscoded some samples.", .labelNoise),
        ("Twenty sites; one site rescales its inputs, another has images shifted to the left.", .domainShift),
        ("Forty phones; the cheap phones are underpowered.", .stragglers),
        ("Sixty meters; uploads are pricey over the metered modem.", .bandwidth),
        ("Ten stores; every store's camera sees mostly two product categories.", .labelSkew),
        ("Nine banks; one bank may behave arbitrarily.", .robustness),
    ])
    func anEffectInOtherWordsIsItsChallenge(request: String, challenge: Challenge) {
        #expect(analyzer.analyze(request).challenges.contains(challenge))
    }

    @Test func ambiguousCuesNeedTheirContext() {
        // "over time" alone is not continual learning; with classes that come and go it is.
        #expect(!analyzer.analyze("Twenty meters log load over time; MLP.").challenges.contains(.continualLearning))
        #expect(
            analyzer.analyze("New product types appear over time; old types must still be recognised.")
                .challenges.contains(.continualLearning))
        // "resolution" describes images; differing between sites, it is a shift.
        #expect(!analyzer.analyze("Ten clinics with high resolution scans.").challenges.contains(.domainShift))
        #expect(
            analyzer.analyze("Ten clinics; the scan resolution differs from one clinic to another.")
                .challenges.contains(.domainShift))
    }

    @Test func metricsSaidInOtherWords() {
        let separately = "Eight branches, MLP; evaluate the branches separately."
        #expect(analyzer.analyze(separately).metrics == [.meanClientTop1])
        #expect(RequestAnalyzer(layers: []).analyze(separately).metrics == [.globalTop1])
        #expect(analyzer.analyze("Six banks; we only care how each bank does.").metrics == [.meanClientTop1])
        let bytes = "Thirty phones; the owners want the bytes sent as well as global accuracy."
        #expect(analyzer.analyze(bytes).metrics == [.globalTop1, .totalBytes])
        #expect(!analyzer.analyze("Thirty phones; bytes are capped, accuracy matters.").metrics.contains(.totalBytes))
    }

    @Test func privacyTargetsWrittenAsAPairBeforeDP() {
        let pair = analyzer.analyze("Nine banks, MLP, (2, 1e-5)-DP.")
        #expect(pair.privacyEpsilon == 2 && pair.privacyDelta == 1e-5)
        let power = analyzer.analyze("Nine banks, MLP, epsilon 3 and delta 10^-6.")
        #expect(power.privacyEpsilon == 3 && power.privacyDelta.map { abs($0 - 1e-6) < 1e-12 } == true)
        // A count before "DP" is not a budget.
        #expect(analyzer.analyze("5 hospitals with DP, MLP.").privacyEpsilon == nil)
        #expect(analyzer.analyze("Epsilon 10, 5 clients, MLP.").privacyEpsilon == 10)
    }
}
