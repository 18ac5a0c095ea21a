@testable import Federation
import Testing

/// The on-the-wire estimate from the ledger's exact counts, worked by hand.
@Suite struct WireEstimateTests {
    @Test func smallMessagesTakeASegmentEach() {
        // 3 messages of 2 frames, 300 bytes in all: 300 + 6 × 9 = 354 stream bytes in 3 segments of 66 bytes of
        // headers.
        #expect(WireEstimate.ethernetBytes(applicationBytes: 300, frames: 6, messages: 3) == 354 + 3 * 66)
    }

    @Test func aModelFillsFullSegments() {
        // One 1 MB model in 2 frames: 1,000,018 stream bytes, 691 segments of 1448: +45,606 bytes (4.6%).
        let bytes = WireEstimate.ethernetBytes(applicationBytes: 1_000_000, frames: 2, messages: 1)
        #expect(bytes == 1_000_018 + 691 * 66)
        #expect(WireEstimate.ethernetBytes(applicationBytes: 0, frames: 0, messages: 0) == 0)
    }
}
