/// HeteroFL's server rule as a pure function: each client trained a submodel whose parameter i is
/// parameter `map[i]` of the global model; every global parameter becomes the plain mean of the
/// clients whose submodel covers it, and keeps its current value where no client's does
/// (Diao, Ding and Tarokh, "HeteroFL", ICLR 2021, Algorithm 1 and its reference code: unweighted).
/// Accumulated in Double.
package enum SubmodelAggregation {
    /// One client's trained submodel and where its parameters sit in the global model.
    package struct Part: Sendable {
        package var clientID: Int
        package var parameters: [Float]
        package var map: [Int]
        package init(clientID: Int, parameters: [Float], map: [Int]) {
            self.clientID = clientID
            self.parameters = parameters
            self.map = map
        }
    }

    /// The new global model from `parts` over `global`.
    /// - Throws: ``FederationError`` when a part's length differs from its map's, its map points outside
    ///   the global model, or its values are not finite.
    package static func aggregate(global: [Float], parts: [Part]) throws(FederationError) -> [Float] {
        var sum = [Double](repeating: 0, count: global.count)
        var covered = [Int](repeating: 0, count: global.count)
        for part in parts {
            guard part.parameters.count == part.map.count else {
                throw FederationError(
                    .invalidUpdate,
                    """
                    client \(part.clientID) sent \(part.parameters.count) parameters; its submodel has \
                    \(part.map.count)
                    """
                )
            }
            guard part.parameters.allSatisfy(\.isFinite) else {
                throw FederationError(
                    .invalidUpdate,
                    "client \(part.clientID) sent non-finite parameters: it diverged; lower its learning rate")
            }
            for (i, j) in part.map.enumerated() {
                guard j >= 0, j < global.count else {
                    throw FederationError(
                        .invalidUpdate,
                        """
                        client \(part.clientID)'s submodel map points at parameter \(j) of a \
                        \(global.count)-parameter model: the map was made for another model
                        """
                    )
                }
                sum[j] += Double(part.parameters[i])
                covered[j] += 1
            }
        }
        var out = global
        for j in out.indices where covered[j] > 0 { out[j] = Float(sum[j] / Double(covered[j])) }
        return out
    }

    /// The submodel `map` cuts from `global`: element i is `global[map[i]]`.
    package static func cut(_ global: [Float], map: [Int]) -> [Float] {
        map.map { $0 >= 0 && $0 < global.count ? global[$0] : 0 }
    }
}
