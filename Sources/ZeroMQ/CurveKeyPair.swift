internal import CZeroMQ

/// A CurveZMQ key pair, as 40-character Z85 strings (what `fedactors keys generate` writes).
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    /// A new random key pair.
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41), secretKey = [CChar](repeating: 0, count: 41)
        try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return CurveKeyPair(publicKey: cString(publicKey), secretKey: cString(secretKey), checked: ())
    }

    private init(publicKey: String, secretKey: String, checked: Void) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The pair whose secret key is `secretKey` (Z85); the public key is derived from it.
    public init(secretKey: String) throws(CurveKeyError) {
        _ = try Z85.decodeKey(secretKey, role: "secret key")
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else {
            throw CurveKeyError("libzmq could not derive a public key: is it built with CURVE support (libsodium)?")
        }
        self.init(publicKey: cString(publicKey), secretKey: secretKey, checked: ())
    }

    var publicBytes: [UInt8] { (try? Z85.decodeKey(publicKey, role: "public key")) ?? [] }
    var secretBytes: [UInt8] { (try? Z85.decodeKey(secretKey, role: "secret key")) ?? [] }
}

/// A CURVE key is malformed.
public struct CurveKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Z85 (ZeroMQ RFC 32) encoding of CURVE keys.
public enum Z85 {
    /// Decodes a 40-character Z85 key into its 32 bytes.
    public static func decodeKey(_ text: String, role: String = "key") throws(CurveKeyError) -> [UInt8] {
        guard text.utf8.count == 40 else {
            throw CurveKeyError(
                "a CURVE \(role) is 40 Z85 characters; this one has \(text.utf8.count): use `fedactors keys generate`")
        }
        var out = [UInt8](repeating: 0, count: 32)
        guard zmq_z85_decode(&out, text) != nil else {
            throw CurveKeyError("the CURVE \(role) '\(text.prefix(6))…' is not valid Z85")
        }
        return out
    }

    /// Encodes bytes (a multiple of 4 long) as Z85.
    public static func encode(_ bytes: [UInt8]) throws(CurveKeyError) -> String {
        guard bytes.count % 4 == 0 else { throw CurveKeyError("Z85 encodes multiples of 4 bytes; got \(bytes.count)") }
        var out = [CChar](repeating: 0, count: bytes.count * 5 / 4 + 1)
        guard zmq_z85_encode(&out, bytes, bytes.count) != nil else { throw CurveKeyError("Z85 encoding failed") }
        return cString(out)
    }

    /// Whether `text` is a well-formed Z85 CURVE key.
    public static func isKey(_ text: String) -> Bool { (try? decodeKey(text)) != nil }
}

/// A NUL-terminated C buffer as a String.
func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
