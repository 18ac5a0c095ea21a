/// A model whose last layer's input is a representation that an extra loss term can act on (MOON's
/// model-contrastive term). ``SequentialNetwork`` conforms; for a model without hidden
/// layers (logreg) the representation is the input itself, which no parameter changes
/// (``hasLearnedRepresentation`` is false).
package protocol RepresentationModel: TrainableModel {
    /// Floats of one sample's representation.
    var representationSize: Int { get }

    /// Whether any parameter shapes the representation (some layer before the last has parameters).
    var hasLearnedRepresentation: Bool { get }

    /// The representation (`count` × ``representationSize``) of a batch under `parameters` instead of
    /// the model's own, in eval mode (no dropout, running statistics untouched). The model's
    /// parameters are unchanged afterwards; the next forward pass overwrites its activations.
    func representation(_ input: UnsafePointer<Float>, count: Int, parameters: [Float]) -> [Float]

    /// ``TrainableModel/lossAndGradient(_:labels:count:)`` plus a term on the representation: `term`
    /// gets the batch's representation and returns the term's loss and its gradient with respect to
    /// the representation (same layout), which backpropagates with the cross-entropy's. Returns the
    /// mean cross-entropy plus the term's loss.
    func lossAndGradient(
        _ input: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
        representationTerm term: (_ representation: [Float]) -> (loss: Double, gradient: [Float])
    ) -> Double
}
