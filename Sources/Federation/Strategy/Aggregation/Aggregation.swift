/// Shared checks and vector helpers of the aggregation rules.
enum Aggregation {
    /// Throws unless every result has `length` finite parameters.
    static func check(_ results: [FitResult], length: Int) throws(FederationError) {
        for r in results {
            guard r.parameters.count == length else {
                throw FederationError(
                    .invalidUpdate,
                    "client \(r.clientID) sent \(r.parameters.count) parameters; the model has \(length)")
            }
            guard r.parameters.allSatisfy(\.isFinite) else {
                throw FederationError(
                    .invalidUpdate,
                    "client \(r.clientID) sent non-finite parameters: it diverged; lower its learning rate")
            }
        }
    }

    /// Sample-count weights normalized to sum 1 (equal weights when every count is 0).
    static func sampleWeights(_ results: [FitResult]) -> [Double] {
        // Summed as Doubles: exact for any real counts, and no overflow whatever a client reports.
        let total = results.reduce(0.0) { $0 + Double(max(0, $1.sampleCount)) }
        guard total > 0 else { return results.map { _ in 1 / Double(results.count) } }
        return results.map { Double(max(0, $0.sampleCount)) / total }
    }

    /// Throws unless `population` (the `clients` setting of SCAFFOLD and FedDyn) is 0 (unknown) or positive.
    static func checkPopulation(_ population: Int, of strategy: String) throws(FederationError) {
        guard population >= 0 else {
            throw FederationError(
                .invalidSetting,
                """
                \(strategy) clients is \(population); give the number of clients in the federation, or 0 to treat \
                every round as full participation
                """
            )
        }
    }

    /// |S|/N for a round with `results` results out of `population` clients, at most 1; 1 when the
    /// population is unknown (0).
    static func participationFraction(results: Int, population: Int) -> Float {
        population > 0 ? min(1, Float(results) / Float(population)) : 1
    }

    /// a − b.
    static func difference(_ a: [Float], _ b: [Float]) -> [Float] {
        var out = a
        for i in out.indices { out[i] -= b[i] }
        return out
    }
}
