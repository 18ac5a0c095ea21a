import Foundation

/// How packet loss slows a TCP transfer: the Mathis et al. model (1997) of TCP Reno's steady state,
///
///     rate ≤ MSS / RTT × C / √p,  C = √(3/2) ≈ 1.22,
///
/// with MSS 1460 bytes (Ethernet's 1500-byte MTU less 40 bytes of IP and TCP headers), RTT twice the
/// path's one-way latency, and p the path's loss (1 − Π(1 − pᵢ) over its links). A lossy path caps
/// each transfer's rate at this bound, on top of its links' capacities.
///
/// Limits, as the model's own: it is TCP's congestion-avoidance steady state, so it ignores slow
/// start (short transfers finish sooner or later than it says), retransmission timeouts (it is
/// optimistic above a few percent loss, where Padhye et al.'s model is closer), and queueing delay
/// (the RTT is the latency alone). With no latency there is no RTT to divide by, and loss sets no
/// limit. Modern stacks (CUBIC, BBR) can do better than Reno under random loss.
package enum LossLimit {
    /// TCP's maximum segment size assumed, in bytes.
    package static let segmentBytes = 1460.0
    /// The model's constant, √(3/2).
    package static let constant = (3.0 / 2.0).squareRoot()

    /// The bound in bytes per second for a path of `loss` and one-way `latencySeconds`; infinity when
    /// there is no loss or no latency.
    package static func bytesPerSecond(loss: Double, latencySeconds: Double) -> Double {
        guard loss > 0, latencySeconds > 0 else { return .infinity }
        return segmentBytes / (2 * latencySeconds) * constant / loss.squareRoot()
    }

    /// The loss of a path through links of losses `rates`: a packet gets through only if every link lets it.
    package static func pathLoss(_ rates: [Double]) -> Double {
        1 - rates.reduce(1.0) { $0 * (1 - $1) }
    }
}
