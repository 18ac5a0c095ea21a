import ZeroMQ

/// CurveZMQ settings of a node: its key pair, which client keys may connect to it, and the server keys
/// of the peers it dials.
public struct ZeroMQSecurity: Sendable {
    public let keys: CurveKeyPair
    /// Z85 public keys allowed to connect; nil: any client that completes the CURVE handshake.
    public let allowedClientKeys: Set<String>?
    /// The public key of every node this one dials, unless ``serverKeys`` names one for that endpoint.
    public let defaultServerKey: String?
    /// Server public keys by peer endpoint.
    public let serverKeys: [String: String]

    /// - Parameters:
    ///   - secretKey: this node's Z85 secret key (`fedactors keys generate` writes one).
    ///   - allowedClientKeys: public keys allowed to connect (nil: any).
    ///   - defaultServerKey: public key of the nodes this one dials (a mesh often shares one server key).
    ///   - serverKeys: public keys of particular dialled nodes, by endpoint (they win over `defaultServerKey`).
    public init(
        secretKey: String, allowedClientKeys: Set<String>? = nil, defaultServerKey: String? = nil,
        serverKeys: [String: String] = [:]
    ) throws(CurveKeyError) {
        keys = try CurveKeyPair(secretKey: secretKey)
        for key in (allowedClientKeys ?? []).sorted() { _ = try Z85.decodeKey(key, role: "allowed client key") }
        if let defaultServerKey { _ = try Z85.decodeKey(defaultServerKey, role: "peer server key") }
        for (_, key) in serverKeys { _ = try Z85.decodeKey(key, role: "peer server key") }
        self.allowedClientKeys = allowedClientKeys
        self.defaultServerKey = defaultServerKey
        self.serverKeys = serverKeys
    }

    /// A mesh whose processes all hold one key pair: traffic is encrypted, every peer is dialled with
    /// the pair's public key, and only holders of the secret key are admitted.
    public static func sharedMesh(secretKey: String) throws(CurveKeyError) -> ZeroMQSecurity {
        let pair = try CurveKeyPair(secretKey: secretKey)
        return try ZeroMQSecurity(
            secretKey: secretKey, allowedClientKeys: [pair.publicKey], defaultServerKey: pair.publicKey)
    }

    /// The server key to use when dialling `peer`.
    func serverKey(for peer: String) -> String? { serverKeys[peer] ?? defaultServerKey }
}

/// Answers ZAP requests (ZeroMQ RFC 27) against an allow-list: pure, so it is tested without sockets.
enum ZAPDecision {
    /// The reply frames for a request's frames. Non-CURVE or malformed requests are refused (400/500).
    static func reply(to request: [[UInt8]], allowed: Set<String>?) -> (
        reply: [[UInt8]], clientKey: String?, accepted: Bool
    ) {
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            return (
                [
                    Array("1.0".utf8), request.count > 1 ? request[1] : [], Array("500".utf8),
                    Array("malformed ZAP request".utf8), [], [],
                ], nil, false
            )
        }
        let requestID = request[1]
        let mechanism = String(decoding: request[5], as: UTF8.self)
        guard mechanism == "CURVE", request.count >= 7, request[6].count == 32, let key = try? Z85.encode(request[6])
        else {
            return (
                [Array("1.0".utf8), requestID, Array("400".utf8), Array("CURVE required".utf8), [], []], nil, false
            )
        }
        let ok = allowed.map { $0.contains(key) } ?? true
        return (
            [
                Array("1.0".utf8), requestID, Array((ok ? "200" : "400").utf8),
                Array((ok ? "OK" : "client key not allowed").utf8),
                ok ? Array(key.utf8) : [], [],
            ], key, ok
        )
    }
}
