import Foundation

/// The learning rate as a function of the step (or round) number `t` (0-based). Pure and deterministic.
public enum LearningRateSchedule: Sendable, Equatable, Codable {
    /// η(t) = base.
    case constant
    /// η(t) = base · factor^⌊t / every⌋.
    case step(every: Int, factor: Double)
    /// η(t) = floor + (base − floor) · (1 + cos(π · min(t, total) / total)) / 2.
    case cosine(total: Int, floor: Double = 0)

    /// The rate at step `t` for base rate `base`.
    public func rate(base: Double, at t: Int) -> Double {
        switch self {
        case .constant:
            return base
        case .step(let every, let factor):
            return base * pow(factor, Double(max(t, 0) / max(every, 1)))
        case .cosine(let total, let floor):
            let progress = Double(min(max(t, 0), max(total, 1))) / Double(max(total, 1))
            return floor + (base - floor) * (1 + cos(.pi * progress)) / 2
        }
    }
}
