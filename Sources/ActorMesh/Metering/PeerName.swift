/// Peer names as the ledger and the logs keep them: a sender's endpoint is chosen by the sender, so a
/// name longer than ``maxBytes`` is cut and suffixed with a hash of the whole (distinct long names stay
/// distinct; no peer can make a row or a log line as large as it likes).
package enum PeerName {
    /// The longest name kept whole, in UTF-8 bytes. Real endpoints (`tcp://host:port`) are far shorter.
    package static let maxBytes = 256

    /// `name`, or its first bytes followed by `…#` and 16 hex digits of a hash of it, at most
    /// ``maxBytes`` + 20 bytes in all.
    package static func capped(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        let bytes = Array(name.utf8)
        // Cut before a continuation byte's sequence so the head stays valid UTF-8.
        var end = maxBytes
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let hash = String(fnv1a(bytes), radix: 16)
        return String(decoding: bytes[..<end], as: UTF8.self) + "…#" + String(repeating: "0", count: 16 - hash.count)
            + hash
    }

    /// 64-bit FNV-1a: stable across processes (unlike `Hasher`), enough to tell names apart.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
