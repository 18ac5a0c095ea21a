/// How a client compresses its model update (global → local delta) before sending it up.
///
/// Stages apply in order: top-k keeps the `fraction` of coordinates with the largest magnitude (as
/// index + value pairs), quantization then stores each kept value in 8 or 16 bits with one linear
/// scale per update. With error feedback the client adds what compression lost last round to this
/// round's delta before compressing (Seide et al., 2014; Karimireddy et al., 2019), so the loss does
/// not accumulate. The savings are real: the encoded update is what crosses the wire and the ledger
/// meters it.
public struct Compression: Codable, Sendable, Equatable {
    public enum Stage: Codable, Sendable, Equatable {
        /// Keep the ⌈fraction·n⌉ largest-magnitude coordinates (0 < fraction ≤ 1).
        case topK(fraction: Double)
        /// Linear quantization of the values to 8 or 16 bits.
        case quantize(bits: Int)
    }

    public var stages: [Stage]
    public var errorFeedback: Bool

    public init(stages: [Stage], errorFeedback: Bool = false) throws(FederationError) {
        var sawQuantize = false
        for stage in stages {
            switch stage {
            case .topK(let f):
                guard f > 0, f <= 1 else {
                    throw FederationError(
                        .invalidSetting, "top-k fraction is \(f); it must be in (0, 1] (typical: 0.01 to 0.1)")
                }
                guard !sawQuantize else {
                    throw FederationError(
                        .invalidSetting, "top-k must come before quantization (it selects on full-precision values)")
                }
            case .quantize(let bits):
                guard bits == 8 || bits == 16 else {
                    throw FederationError(.invalidSetting, "quantization to \(bits) bits is not supported; use 8 or 16")
                }
                guard !sawQuantize else { throw FederationError(.invalidSetting, "quantization is listed twice") }
                sawQuantize = true
            }
        }
        guard stages.filter({ if case .topK = $0 { true } else { false } }).count <= 1 else {
            throw FederationError(.invalidSetting, "top-k is listed twice")
        }
        self.stages = stages
        self.errorFeedback = errorFeedback
    }

    /// The topology name of a compression (`q8`, `q16`, `topk`, `topk+q8`, ...).
    public var name: String {
        let parts = stages.map { stage -> String in
            switch stage {
            case .topK(let f): "topk(\(f))"
            case .quantize(let bits): "q\(bits)"
            }
        }
        return (parts.isEmpty ? "none" : parts.joined(separator: "+")) + (errorFeedback ? "+ef" : "")
    }

    private enum CodingKeys: String, CodingKey { case stages, errorFeedback }

    /// Decoded settings go through the same checks as ``init(stages:errorFeedback:)``: they may come
    /// from a peer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            stages: try container.decode([Stage].self, forKey: .stages),
            errorFeedback: try container.decode(Bool.self, forKey: .errorFeedback))
    }

    var topKFraction: Double? {
        for case .topK(let f) in stages { return f }
        return nil
    }

    var quantizationBits: Int? {
        for case .quantize(let bits) in stages { return bits }
        return nil
    }
}
