/// Size arithmetic for layer shapes that may come from outside (a dataset header, a client's model
/// description): a product that overflows `Int`, or one that exceeds what one BLAS call can index,
/// is refused with a ``LearningError`` instead of trapping or wrapping around.
package enum LayerSize {
    /// The most elements one layer's tensor (per sample) or weight matrix may have: OpenBLAS takes
    /// 32-bit sizes, so nothing larger can be multiplied in one call.
    package static let maxElements = Int(Int32.max)

    /// The product of `factors`, when every factor is positive and the product is at most
    /// ``maxElements``.
    /// - Throws: ``LearningError`` (`shapeMismatch`) naming `what`.
    package static func product(_ factors: [Int], of what: @autoclosure () -> String) throws(LearningError) -> Int {
        var total = 1
        for f in factors {
            guard f > 0 else { throw LearningError(.shapeMismatch, "\(what()) has a non-positive size in \(factors)") }
            let (p, overflow) = total.multipliedReportingOverflow(by: f)
            guard !overflow, p <= maxElements else {
                throw LearningError(
                    .shapeMismatch, "\(what()) of sizes \(factors) has more than \(maxElements) elements")
            }
            total = p
        }
        return total
    }
}
