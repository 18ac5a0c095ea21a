import Foundation

/// The learned cue layer (`CueLayers.learned`): per challenge, a linear score over the request's
/// `CueFeatures` (a logistic regression fitted by `scripts/dev/cue-model fit` on the development
/// parts of the request corpus only, shipped as `Understanding/cue-model.json`). A challenge is read
/// when its score reaches the threshold the script chose by cross-validation on those parts; only
/// challenges with enough development examples have a threshold. It adds to the rules, never
/// removes what they found. Off by default (see `CueLayers.learned`).
struct CueModel: Sendable, Decodable {
    /// Per challenge (raw value), the score at which it is read.
    var thresholds: [String: Double]
    var biases: [String: Double]
    /// Per feature, its weight for each challenge.
    var weights: [String: [String: Double]]
    /// Requests with the scores the script computed, for checking this reader against it.
    var checks: [Check]

    struct Check: Sendable, Decodable {
        var text: String
        var scores: [String: Double]
    }

    /// The shipped model; nil (and the layer reads nothing) if the resource is missing or
    /// unreadable, which `CueModelTests` rules out for the build.
    static let bundled: CueModel? = {
        guard let url = Bundle.module.url(forResource: "cue-model", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(CueModel.self, from: data)
    }()

    /// Each modelled challenge's score for a request with `features`.
    func scores(of features: Set<String>) -> [Challenge: Double] {
        var scores: [Challenge: Double] = [:]
        for (name, bias) in biases {
            guard let challenge = Challenge(rawValue: name) else { continue }
            scores[challenge] = bias
        }
        for feature in features {
            for (name, weight) in weights[feature] ?? [:] {
                guard let challenge = Challenge(rawValue: name), scores[challenge] != nil else { continue }
                scores[challenge, default: 0] += weight
            }
        }
        return scores
    }

    /// The features of a request whose rules read `rules`: its `CueFeatures` and `r:<challenge>`
    /// for each challenge the rules found (so the model can learn what they already explain).
    static func features(of text: RequestText, rules: [Challenge]) -> Set<String> {
        CueFeatures.of(text).union(rules.map { "r:" + $0.rawValue })
    }

    /// The challenges whose score reaches their threshold and the rules did not read, each with its
    /// evidence: the score and the features that added most to it.
    func challenges(in text: RequestText, rules: [Challenge]) -> [(Challenge, ChallengeEvidence)] {
        let features = Self.features(of: text, rules: rules)
        return scores(of: features).compactMap { challenge, score in
            guard let threshold = thresholds[challenge.rawValue], score >= threshold, !rules.contains(challenge)
            else { return nil }
            let top = features.compactMap { f in weights[f]?[challenge.rawValue].map { (f, $0) } }
                .filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(3).map(\.0)
            let phrase = String(format: "learned score %.2f (%@)", score, top.joined(separator: ", "))
            return (challenge, ChallengeEvidence(challenge: challenge, phrase: phrase))
        }.sorted { $0.0 < $1.0 }
    }
}
