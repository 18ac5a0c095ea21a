/// The identity of one run: 128 random bits that every envelope of the run carries, so a node serves
/// only the calls of the run it belongs to (``RunMembership``).
///
/// It keeps runs apart by accident (two runs on one machine dialling the same addresses, a stale
/// coordinator, a mistyped endpoint). Without CURVE it is no defence against an attacker who can read
/// the traffic: the token travels in the clear. With CURVE the allow-list and the token both apply.
package struct RunToken: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first 8 bytes, big-endian (the first 16 hex digits of the text form).
    package let high: UInt64
    /// The last 8 bytes, big-endian.
    package let low: UInt64

    /// "No run": the token of an envelope sent by a system without a run.
    package static let none = RunToken(high: 0, low: 0)

    /// Number of bytes on the wire.
    package static let byteCount = 16

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh token from the system's cryptographic random source; never ``none``.
    package static func random() -> RunToken {
        var generator = SystemRandomNumberGenerator()
        while true {
            let token = RunToken(high: generator.next(), low: generator.next())
            if !token.isNone { return token }
        }
    }

    /// Parses the 32 hex digits of ``description`` (upper or lower case).
    package init(parsing text: String) throws(MeshError) {
        let digits = Array(text.utf8)
        guard digits.count == 32, let high = Self.hexValue(digits[0..<16]), let low = Self.hexValue(digits[16..<32])
        else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw MeshError(
                .invalidConfiguration,
                """
                '\(shown)' is not a run token: a run token is 32 hex digits (0-9, a-f), as `fedactors run` hands to \
                the nodes it starts
                """
            )
        }
        self.init(high: high, low: low)
    }

    /// Whether this is the all-zero "no run" token.
    package var isNone: Bool { high == 0 && low == 0 }

    /// 32 lowercase hex digits.
    package var description: String { Self.hex(high) + Self.hex(low) }

    /// The token's text, or nil for ``none``; for flags and environment variables.
    package var argument: String? { isNone ? nil : description }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
