/// An estimate of the bytes a message stream puts on an Ethernet link, from what the ledger counts
/// exactly (application frames: envelope and payload bytes, frames, messages).
///
/// Assumptions, each one stated so the figure can be judged:
/// - ZMTP 3 adds a frame header of 9 bytes (flags and a 64-bit size) to every frame; frames under
///   256 bytes take only 2, so small frames are overestimated by 7 bytes each. No CURVE boxes (with
///   `security`, each frame carries about 33 more bytes, not counted).
/// - TCP over IPv4 on Ethernet with a 1500-byte MTU: segments of at most 1448 bytes of stream
///   (1500 − 20 IP − 32 TCP with timestamps), each carrying 66 bytes of headers (20 IP, 32 TCP,
///   14 Ethernet), as a packet capture counts them (no preamble, inter-frame gap or FCS).
/// - Every message starts a new segment (ZeroMQ sends each at once), so a stream of `messages`
///   messages takes at least that many segments.
/// - Not counted: the ACKs flowing the other way, retransmissions under loss, connection setup and
///   ZMTP's handshake and heartbeats.
package enum WireEstimate {
    /// ZMTP's long-frame header.
    package static let frameHeaderBytes = 9
    /// Stream bytes per full TCP segment at MTU 1500 with TCP timestamps.
    package static let segmentPayloadBytes = 1448
    /// IPv4 + TCP (with timestamps) + Ethernet header bytes per segment.
    package static let segmentHeaderBytes = 66

    /// Estimated Ethernet bytes for `applicationBytes` sent as `frames` frames in `messages` messages.
    package static func ethernetBytes(applicationBytes: Int, frames: Int, messages: Int) -> Int {
        guard applicationBytes > 0 || messages > 0 else { return 0 }
        let stream = applicationBytes + frameHeaderBytes * frames
        let segments = max(messages, (stream + segmentPayloadBytes - 1) / segmentPayloadBytes)
        return stream + segmentHeaderBytes * segments
    }
}
