import Foundation

/// The amounts of the conditions a request states: how many labels are wrong and on how many
/// clients, what share of clients drop out, how much slower the slowest devices are.
extension RequestAnalyzer {
    /// A proportion read next to a challenge's cue.
    struct StatedShare: Equatable {
        var value: Double
        /// "up to 40%", "at most a third": the share is a ceiling, not the value everywhere.
        var isCeiling: Bool
        /// "20% of the phones": a share of the clients, not of their data.
        var ofClients: Bool
        /// The words around it (a few either side, within its sentence).
        var around: Range<Int>
    }

    /// Words before a share that make it a ceiling.
    private static let ceilings = ["up to", "at most", "as many as", "as much as", "no more than", "max*", "until"]

    /// Sets the stated label-noise share and its clients, the dropout rate and the speed ratio.
    static func readConditions(in text: RequestText, into a: inout RequestAnalysis) {
        if a.challenges.contains(.labelNoise) {
            let shares = statedShares(of: .labelNoise, in: text)
            if let rate = shares.first(where: { !$0.ofClients }) {
                a.labelNoiseRange = rate.isCeiling ? [0, rate.value] : [rate.value, rate.value]
            }
            a.labelNoiseClients = shares.first(where: \.ofClients)?.value
            // "30% of the labels are wrong" is a noise share, not a labelling budget (active learning's).
            if !a.challenges.contains(.activeLearning) { a.labelBudget = nil }
        }
        if a.challenges.contains(.connectivity) {
            a.dropoutRate =
                statedShares(of: .connectivity, in: text).first { share in
                    share.ofClients
                        && ["drop*", "disconnect*", "fail*", "lose", "lost"].contains {
                            text.contains($0, in: share.around)
                        }
                }?.value
        }
        a.speedRatio = speedRatio(in: text)
    }

    /// The proportions in the sentences where `challenge`'s cues match (not negated), in text order.
    static func statedShares(of challenge: Challenge, in text: RequestText, layers: CueLayers = .all)
        -> [StatedShare]
    {
        var sentences: [Range<Int>] = []
        for hit in ChallengeCues.hits(of: challenge, in: text, layers: layers) where !isNegated(hit.range, in: text) {
            let sentence = text.sentence(of: hit.range.lowerBound)
            if !sentences.contains(sentence) { sentences.append(sentence) }
        }
        return sentences.sorted { $0.lowerBound < $1.lowerBound }.flatMap { shares(in: $0, of: text) }
    }

    /// Each proportion of a sentence: "20 %", "20 percent", "a fifth", "one in ten", "0.3 of".
    private static func shares(in sentence: Range<Int>, of text: RequestText) -> [StatedShare] {
        let words = text.words
        var found: [StatedShare] = []
        var i = sentence.lowerBound
        while i < sentence.upperBound {
            var reading: (value: Double, length: Int)? = nil
            if let (v, length) = NumberReading.percent(in: words, at: i), i + length <= sentence.upperBound {
                reading = (v / 100, length)
            } else if let p = NumberReading.proportion(in: words, at: i), p.value < 1 {
                reading = p
            }
            guard let (value, length) = reading else {
                i += 1
                continue
            }
            let before = max(sentence.lowerBound, i - 3)..<i
            let after = (i + length)..<min(sentence.upperBound, i + length + 4)
            let around = before.lowerBound..<min(sentence.upperBound, i + length + 6)
            let ofClients = nouns.contains { text.contains($0.0, in: after) } || text.contains("of them", in: after)
            let ceiling = ceilings.contains { text.contains($0, in: before) }
            found.append(StatedShare(value: value, isCeiling: ceiling, ofClients: ofClients, around: around))
            i += length
        }
        return found
    }

    /// "10 times slower", "10x slower", "ten times faster", "differ by a factor of 5" in speed words.
    static func speedRatio(in text: RequestText) -> Double? {
        let words = text.words
        for i in words.indices {
            var ratio: Double? = nil
            var next = i + 1
            if words[i].hasSuffix("x"), let v = Double(words[i].dropLast()) {
                ratio = v
            } else if let (n, length) = NumberReading.integer(in: words, at: i), i + length < words.count,
                ["times", "x"].contains(words[i + length])
            {
                ratio = Double(n)
                next = i + length + 1
            } else if words[i] == "factor", i + 2 < words.count, words[i + 1] == "of",
                let (n, length) = NumberReading.integer(in: words, at: i + 2)
            {
                ratio = Double(n)
                next = i + 2 + length
            }
            guard let ratio, ratio > 1, ratio <= 1000 else { continue }
            let sentence = text.sentence(of: i)
            let around = max(sentence.lowerBound, i - 6)..<min(sentence.upperBound, next + 3)
            if ["slower", "faster", "compute*", "speed*", "powerful", "quicker"].contains(where: {
                text.contains($0, in: around)
            }) {
                return ratio
            }
        }
        return nil
    }
}
