/// A named range of a model's flat parameter vector (`dense0.weight`, `bn1.running_mean`, …), as
/// ``LocalTrainer/parameterGroups`` lists them in parameter order.
public struct ParameterGroup: Sendable, Equatable {
    public var name: String
    public var range: Range<Int>
    public init(name: String, range: Range<Int>) {
        self.name = name
        self.range = range
    }

    /// The layer a group belongs to: its name up to the first dot (`conv0` of `conv0.weight`).
    package var layer: Substring { Self.layer(of: name) }

    static func layer(of name: String) -> Substring { name.prefix { $0 != "." } }

    /// The layers of groups named `names`, in order, each once (FedPer counts layers this way).
    package static func layers(of names: [String]) -> [Substring] {
        var layers: [Substring] = []
        for layer in names.map(layer(of:)) where layers.last != layer { layers.append(layer) }
        return layers
    }
}

/// Which parameter groups a client keeps local instead of taking the server's (personalization).
public enum PersonalGroups: Codable, Sendable, Equatable {
    /// FedPer (Arivazhagan et al., 2019): the last `n` layers that have parameters (the "head").
    case lastLayers(Int)
    /// FedBN (Li et al., ICLR 2021): every group whose name starts with the prefix (`bn`: BatchNorm's
    /// scale, shift and running statistics).
    case namePrefix(String)

    /// The ranges these groups cover in `groups` (none when the trainer names no groups).
    package func ranges(in groups: [ParameterGroup]) -> [Range<Int>] {
        switch self {
        case .lastLayers(let n):
            let personal = Set(ParameterGroup.layers(of: groups.map(\.name)).suffix(max(0, n)))
            return groups.filter { personal.contains($0.layer) }.map(\.range)
        case .namePrefix(let prefix):
            return groups.filter { $0.name.hasPrefix(prefix) }.map(\.range)
        }
    }
}
