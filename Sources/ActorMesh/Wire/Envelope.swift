/// The header frame of every message between nodes. Arguments or the result follow it, one frame each,
/// then the out-of-line frames: large raw arrays inside them (a model's `[Float]` parameters), sent
/// straight from the array's memory instead of being copied into the argument's frame.
///
/// Binary, little-endian, version 3:
/// ```
/// 0  magic "FA" (2)   2 version (1)   3 kind (1)   4 outOfLineFrames (2)
/// 6  callID (8)       14 senderIncarnation (8)     22 recipientIncarnation (8)
/// 30 fingerprint (8)  38 deadlineMillis (4)        42 payloadFrames (2)
/// 44 runToken (16, big-endian high then low; all zeros: no run)
/// 60 senderEndpoint, recipientPath, actorType, target: each UInt16 length + UTF-8 bytes
/// ```
/// Version 3 added the run token; an envelope of another version is refused as another build.
package struct Envelope: Sendable, Equatable {
    /// What a message is.
    package enum Kind: UInt8, Sendable {
        /// A request to run a distributed method.
        case call = 1
        /// A successful result (zero payload frames for a void method).
        case reply = 2
        /// The remote method threw; the payload is a ``RemoteErrorPayload``.
        case remoteError = 3
        /// The actor system refused or failed the call; the payload is a ``MeshError``.
        case systemError = 4
    }

    package static let magic: (UInt8, UInt8) = (0x46, 0x41)  // "FA"
    package static let currentVersion: UInt8 = 3
    static let fixedSize = 60
    static let maxStringBytes = Int(UInt16.max)

    package var kind: Kind
    package var callID: UInt64
    /// Random per start of the sending node; lets a restarted node refuse calls meant for its predecessor.
    package var senderIncarnation: UInt64
    /// The incarnation the sender believes the recipient has; 0 when it does not know yet.
    package var recipientIncarnation: UInt64
    /// The sender's build fingerprint (``BuildFingerprint``).
    package var fingerprint: UInt64
    /// Milliseconds the caller will wait (0 in replies).
    package var deadlineMillis: UInt32
    /// Number of frames after this one, out-of-line ones included.
    package var payloadFrames: UInt16
    /// How many of the payload frames, at the end, are out-of-line arrays
    /// (``BinaryEncoder/encode(_:outOfLineFrom:firstIndex:)``).
    package var outOfLineFrames: UInt16
    /// The run the sender belongs to (``RunToken/none`` when it belongs to none).
    package var runToken: RunToken
    /// The endpoint the sender is reachable at.
    package var senderEndpoint: String
    /// The recipient actor's path on its node (calls only).
    package var recipientPath: String
    /// The recipient actor's type as the caller names it (calls only).
    package var actorType: String
    /// The distributed method's identifier (calls only).
    package var target: String

    package init(
        kind: Kind, callID: UInt64, senderIncarnation: UInt64, recipientIncarnation: UInt64 = 0,
        fingerprint: UInt64, deadlineMillis: UInt32 = 0, payloadFrames: UInt16, outOfLineFrames: UInt16 = 0,
        runToken: RunToken = .none, senderEndpoint: String, recipientPath: String = "", actorType: String = "",
        target: String = ""
    ) {
        self.kind = kind
        self.callID = callID
        self.senderIncarnation = senderIncarnation
        self.recipientIncarnation = recipientIncarnation
        self.fingerprint = fingerprint
        self.deadlineMillis = deadlineMillis
        self.payloadFrames = payloadFrames
        self.outOfLineFrames = outOfLineFrames
        self.runToken = runToken
        self.senderEndpoint = senderEndpoint
        self.recipientPath = recipientPath
        self.actorType = actorType
        self.target = target
    }
}

/// What travels after a `.remoteError` envelope: the thrown error, as itself when it is `Codable`.
package struct RemoteErrorPayload: Codable, Sendable {
    /// The error's type name as `_typeName` prints it.
    package var typeName: String
    /// The error's mangled type name, used to find the type on the caller's side.
    package var mangledTypeName: String?
    /// `String(describing:)` of the error.
    package var message: String
    /// The error encoded with the binary codec, when its type is `Codable`.
    package var encoded: [UInt8]?
}
