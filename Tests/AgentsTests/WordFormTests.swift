import Agents
import Testing

/// The analyzer's general reading rules (issue 27), on sentences written for this suite: other forms
/// of a cue's words, hyphenated words, negations, and forgetting as a measure versus a thing to avoid.
struct WordFormTests {
    let analyzer = RequestAnalyzer()

    @Test func otherFormsAndHyphenatedWordsOfACueMatch() {
        // "dropping out" is a form of the cue "drop out"; "mis-labelled" and "drop-outs" are one word.
        #expect(analyzer.analyze("Twelve phones keep dropping out of training.").challenges.contains(.connectivity))
        #expect(
            analyzer.analyze("Nine clinics; some scans were mis-labelled by the night shift.").challenges.contains(
                .labelNoise))
        #expect(
            analyzer.analyze("Forty cameras with frequent drop-outs of their uplink to the server.").challenges
                .contains(
                    .connectivity))
    }

    @Test func anInflectedCueWordTakesOnlyItsOwnInflection() {
        // "metered" (a metered connection) is a bandwidth cue; "meters" (the devices) is not one.
        let a = analyzer.analyze("Thirty smart meters record load curves for a logistic regression.")
        #expect(!a.challenges.contains(.bandwidth), "\(a.evidence)")
        #expect(analyzer.analyze("Thirty phones on a metered connection.").challenges.contains(.bandwidth))
    }

    @Test func negationsInOtherWordsRemoveTheChallenge() {
        for request in [
            "Eight banks train a logistic regression. None of the banks is malicious.",
            "Eight banks train a logistic regression; attacks are not a concern here.",
            "Eight banks train a logistic regression, and stragglers are unlikely in our data centre.",
        ] {
            let a = analyzer.analyze(request)
            #expect(!a.challenges.contains(.robustness) && !a.challenges.contains(.stragglers), "\(request)")
        }
        // "never" is no negation: a model that must never forget asks for continual learning.
        #expect(
            analyzer.analyze("Twenty phones with clothing photos; the model must never forget old classes.")
                .challenges.contains(.continualLearning))
    }

    @Test func forgettingIsAMetricOnlyWhenItIsMeasured() {
        let avoided = analyzer.analyze(
            "Thirty phones learn new clothing classes over time without catastrophic forgetting; evaluate by average accuracy across tasks."
        )
        #expect(avoided.challenges.contains(.continualLearning))
        #expect(avoided.metrics.contains(.meanTaskTop1) && !avoided.metrics.contains(.forgetting))
        let measured = analyzer.analyze(
            "Thirty phones learn new clothing classes over time; report average accuracy across tasks and forgetting.")
        #expect(measured.metrics.contains(.forgetting))
    }
}
