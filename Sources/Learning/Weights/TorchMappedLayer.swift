/// A layer whose parameter groups PyTorch's equivalent module holds too, so its weights can be
/// written for and read from a PyTorch `state_dict` (``SequentialNetwork/stateDict(of:)``).
package protocol TorchMappedLayer: Layer {
    /// PyTorch's shape of the group `suffix` (one of ``Layer/parameterLayout``'s).
    func torchShape(of suffix: String) -> [Int]
    /// The group's values (ours, in storage order) in PyTorch's order for ``torchShape(of:)``.
    func torchValues(of suffix: String, from ours: ArraySlice<Float>) -> [Float]
    /// The group's values in storage order, from PyTorch's.
    func storedValues(of suffix: String, from torch: [Float]) -> [Float]
}

extension Dense: TorchMappedLayer {
    /// `nn.Linear(inputs, outputs)`: weight [out, in] (ours is in × out: transposed), bias [out].
    package func torchShape(of suffix: String) -> [Int] { suffix == "weight" ? [outputs, inputs] : [outputs] }

    package func torchValues(of suffix: String, from ours: ArraySlice<Float>) -> [Float] {
        suffix == "weight" ? Self.transpose(Array(ours), rows: inputs, columns: outputs) : Array(ours)
    }

    package func storedValues(of suffix: String, from torch: [Float]) -> [Float] {
        suffix == "weight" ? Self.transpose(torch, rows: outputs, columns: inputs) : torch
    }

    /// The columns × rows transpose of a rows × columns row-major matrix.
    private static func transpose(_ m: [Float], rows: Int, columns: Int) -> [Float] {
        var t = [Float](repeating: 0, count: m.count)
        for r in 0..<rows { for c in 0..<columns { t[c * rows + r] = m[r * columns + c] } }
        return t
    }
}
