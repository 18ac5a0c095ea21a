/// A difficulty of a federated-learning deployment that a method can address.
///
/// The request analysis detects these from cue phrases, and each catalog card lists the ones its
/// method is meant for; method choice matches the two. Raw values are the names used in
/// `methods.json`.
package enum Challenge: String, Codable, CaseIterable, Sendable {
    /// Clients hold very different amounts of data (long-tail, imbalanced sizes).
    case quantitySkew
    /// Clients see different label distributions (non-IID classes, preferred categories).
    case labelSkew
    /// Inputs are corrupted by noise (e.g. Gaussian) at client-dependent levels.
    case featureNoise
    /// Some labels are wrong (class flipping, annotation errors).
    case labelNoise
    /// Clients come from different domains or acquisition conditions (rotation, contrast, style).
    case domainShift
    /// Each client is one user with a personal way of producing data.
    case userHeterogeneity
    /// Clients train architectures of different sizes or widths.
    case modelHeterogeneity
    /// Bytes on the wire are scarce: few clients per round, slow links.
    case bandwidth
    /// Clients drop out, links fail, or only a few rounds are possible.
    case connectivity
    /// Some clients compute much more slowly than others.
    case stragglers
    /// Each client wants a model that suits its own data.
    case personalization
    /// Client data must be protected beyond not sharing it (differential privacy).
    case privacy
    /// Some clients may send malicious or arbitrarily wrong updates.
    case robustness
    /// Data is unlabeled and only a budget of samples can be labeled.
    case activeLearning
    /// Clients learn a sequence of tasks and must not forget earlier ones.
    case continualLearning

    /// A few plain words that describe the challenge, added to the retrieval text of cards.
    package var describingWords: String {
        switch self {
        case .quantitySkew: "quantity skew imbalanced long-tail unequal dataset sizes"
        case .labelSkew: "label skew non-IID class distribution heterogeneous data"
        case .featureNoise: "feature noise noisy inputs Gaussian corruption"
        case .labelNoise: "label noise noisy labels flipped classes"
        case .domainShift: "domain shift feature shift style acquisition differences"
        case .userHeterogeneity: "user heterogeneity user-specific style personal behaviour"
        case .modelHeterogeneity: "model heterogeneity different architectures widths sizes"
        case .bandwidth: "bandwidth communication cost bytes compression"
        case .connectivity: "connectivity dropouts outages few rounds unreliable network"
        case .stragglers: "stragglers slow devices compute heterogeneity"
        case .personalization: "personalization personalized local adaptation"
        case .privacy: "privacy differential privacy protection"
        case .robustness: "robustness byzantine malicious attacks"
        case .activeLearning: "active learning unlabeled data labeling budget sample selection"
        case .continualLearning: "continual learning sequential tasks catastrophic forgetting"
        }
    }
}

/// Challenges sort in declaration order, so reports list them the same way every time.
extension Challenge: Comparable {
    package static func < (lhs: Challenge, rhs: Challenge) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
