/// A network's weights as PyTorch's `state_dict` of the matching module holds them: one array per
/// parameter group, keyed by the group's name (`dense0.weight`, `dense0.bias`, …, which are also
/// the attribute names of the module `fedactors export flower` writes), in PyTorch's layout (a
/// dense weight is [out, in]). Every layer with parameters must be a ``TorchMappedLayer``: today
/// the dense layers, so the zoo's logreg and 2nn.
extension SequentialNetwork {
    /// Each parameter group with PyTorch's shape and the slice of ``parameters`` it holds.
    package struct TorchGroup {
        package var name: String
        package var shape: [Int]
        package var range: Range<Int>
        let layer: any TorchMappedLayer
        let suffix: String
    }

    /// The groups in storage order; refused, naming the layer, when a layer has no PyTorch mapping.
    package func torchGroups(model: String) throws(LearningError) -> [TorchGroup] {
        var groups: [TorchGroup] = []
        var next = 0
        for layer in layers where layer.parameterCount > 0 {
            guard let mapped = layer as? any TorchMappedLayer else {
                throw LearningError(
                    .invalidSetting,
                    """
                    model '\(model)' has a \(layer.kind) layer, whose weights FedActors does not map to PyTorch yet: \
                    .npz weights are for models of dense layers (logreg, 2nn)
                    """
                )
            }
            for (suffix, count) in layer.parameterLayout {
                let group = parameterGroups[next]
                next += 1
                guard group.range.count == count else {
                    throw LearningError(.shapeMismatch, "\(group.name) holds \(group.range.count), not \(count)")
                }
                groups.append(
                    TorchGroup(
                        name: group.name, shape: mapped.torchShape(of: suffix), range: group.range, layer: mapped,
                        suffix: suffix))
            }
        }
        return groups
    }

    /// `parameters` (laid out as this network's) as named arrays in PyTorch's layout.
    package func stateDict(of parameters: [Float], model: String) throws(LearningError) -> [(
        name: String, array: NPYArray
    )] {
        guard parameters.count == parameterCount else {
            throw LearningError(
                .shapeMismatch, "model '\(model)' has \(parameterCount) parameters; \(parameters.count) were given")
        }
        return try torchGroups(model: model).map { g in
            (g.name, NPYArray(shape: g.shape, values: g.layer.torchValues(of: g.suffix, from: parameters[g.range])))
        }
    }

    /// This network's flat parameters from the named arrays of `source` (an .npz): every group must
    /// be there with its PyTorch shape and finite values, and nothing else; a refusal names the key.
    package func parameters(fromStateDict arrays: [(name: String, array: NPYArray)], model: String, source: String)
        throws(LearningError) -> [Float]
    {
        let groups = try torchGroups(model: model)
        let expected = groups.map(\.name).joined(separator: ", ")
        let byName = Dictionary(arrays.map { ($0.name, $0.array) }, uniquingKeysWith: { a, _ in a })
        if let extra = arrays.first(where: { a in !groups.contains { $0.name == a.name } }) {
            throw LearningError(
                .shapeMismatch,
                "\(source) holds '\(extra.name)', which model '\(model)' does not have (its keys: \(expected))")
        }
        var flat = [Float](repeating: 0, count: parameterCount)
        for g in groups {
            guard let array = byName[g.name] else {
                throw LearningError(
                    .shapeMismatch, "\(source) has no '\(g.name)', which model '\(model)' needs (its keys: \(expected))"
                )
            }
            guard array.shape == g.shape else {
                throw LearningError(
                    .shapeMismatch,
                    """
                    \(source): '\(g.name)' is \(array.shape); model '\(model)' needs \(g.shape) (PyTorch's layout, a \
                    dense weight is [out, in])
                    """
                )
            }
            if let bad = array.values.firstIndex(where: { !$0.isFinite }) {
                throw LearningError(
                    .invalidData, "\(source): '\(g.name)' holds \(array.values[bad]) at flat index \(bad)")
            }
            flat.replaceSubrange(g.range, with: g.layer.storedValues(of: g.suffix, from: array.values))
        }
        return flat
    }
}
