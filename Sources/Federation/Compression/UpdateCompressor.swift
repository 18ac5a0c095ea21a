/// A client's compressor: encodes each round's delta and, with error feedback, carries what the
/// encoding lost into the next round. Kept by the client actor across rounds.
package struct UpdateCompressor: Sendable {
    private var residual: [Float] = []

    package init() {}

    /// The magnitude of the carried error (0 without error feedback).
    package var residualNorm: Float { residual.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Encodes `delta` under `compression`, adding last round's residual first when error feedback is on.
    package mutating func compress(_ delta: [Float], with compression: Compression) -> EncodedUpdate {
        guard compression.errorFeedback else { return UpdateCodec.encode(delta, with: compression) }
        var corrected = delta
        if residual.count == delta.count {
            for i in corrected.indices { corrected[i] += residual[i] }
        }
        let encoded = UpdateCodec.encode(corrected, with: compression)
        // Our own encoding always decodes; should it not, drop the residual rather than carry garbage.
        // A residual that is not finite (an infinite coordinate clamped by quantization) would make
        // every later round's update infinite: it is dropped too.
        if let sent = try? UpdateCodec.decode(encoded), sent.count == corrected.count {
            residual = zip(corrected, sent).map { $0 - $1 }
            if residual.contains(where: { !$0.isFinite }) { residual = [] }
        } else {
            residual = []
        }
        return encoded
    }
}
