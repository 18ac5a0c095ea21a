/// Shared checks and vector helpers of the aggregation rules.
enum Aggregation {
    /// Throws unless every result has `length` finite parameters.
    static func check(_ results: [FitResult], length: Int) throws(FederationError) {
        for r in results {
            guard r.parameters.count == length else {
                throw FederationError(.invalidUpdate, "client \(r.clientID) sent \(r.parameters.count) parameters; the model has \(length)")
            }
            guard r.parameters.allSatisfy(\.isFinite) else {
                throw FederationError(.invalidUpdate, "client \(r.clientID) sent non-finite parameters: it diverged; lower its learning rate")
            }
        }
    }

    /// Sample-count weights normalized to sum 1 (equal weights when every count is 0).
    static func sampleWeights(_ results: [FitResult]) -> [Double] {
        let total = results.reduce(0) { $0 + $1.sampleCount }
        guard total > 0 else { return results.map { _ in 1 / Double(results.count) } }
        return results.map { Double($0.sampleCount) / Double(total) }
    }

    /// a − b.
    static func difference(_ a: [Float], _ b: [Float]) -> [Float] {
        var out = a
        for i in out.indices { out[i] -= b[i] }
        return out
    }
}
