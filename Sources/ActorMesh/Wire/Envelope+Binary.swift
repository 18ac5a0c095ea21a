import Foundation

extension Envelope {
    /// The envelope's wire bytes.
    package func encoded() throws(MeshError) -> Data {
        let strings = [senderEndpoint, recipientPath, actorType, target].map { Array($0.utf8) }
        for (name, bytes) in zip(["sender endpoint", "recipient path", "actor type", "target"], strings)
        where bytes.count > Self.maxStringBytes {
            throw MeshError(
                .encodeFailure,
                "the \(name) is \(bytes.count) bytes; an envelope field holds at most \(Self.maxStringBytes)")
        }
        var out = Data(capacity: Self.fixedSize + strings.reduce(0) { $0 + 2 + $1.count })
        out.append(Self.magic.0)
        out.append(Self.magic.1)
        out.append(Self.currentVersion)
        out.append(kind.rawValue)
        out.appendLittleEndian(outOfLineFrames)
        out.appendLittleEndian(callID)
        out.appendLittleEndian(senderIncarnation)
        out.appendLittleEndian(recipientIncarnation)
        out.appendLittleEndian(fingerprint)
        out.appendLittleEndian(deadlineMillis)
        out.appendLittleEndian(payloadFrames)
        out.appendLittleEndian(runToken.high.byteSwapped)
        out.appendLittleEndian(runToken.low.byteSwapped)
        for bytes in strings {
            out.appendLittleEndian(UInt16(bytes.count))
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// Parses an envelope, checking every length against the bytes present. Never traps on bad input.
    package init(decoding bytes: UnsafeRawBufferPointer) throws(MeshError) {
        var reader = EnvelopeReader(bytes)
        // Magic and version first (when there are bytes for them): an envelope of another version
        // has another size, and "another build" is what its sender needs to hear.
        guard bytes.count >= 3 else {
            throw MeshError(
                .malformedFrame,
                "header frame is \(bytes.count) bytes; a FedActors envelope has at least \(Self.fixedSize)")
        }
        let m0 = try reader.read(UInt8.self), m1 = try reader.read(UInt8.self)
        guard (m0, m1) == Self.magic else {
            throw MeshError(
                .malformedFrame,
                """
                header does not start with the FedActors magic 'FA' (found 0x\(String(m0, radix: 16)) \
                0x\(String(m1, radix: 16))): the sender is not a FedActors node
                """
            )
        }
        let version = try reader.read(UInt8.self)
        guard version == Self.currentVersion else {
            throw MeshError(
                .buildMismatch,
                """
                envelope version \(version), this node speaks version \(Self.currentVersion): run the same FedActors \
                build on every node
                """
            )
        }
        guard bytes.count >= Self.fixedSize else {
            throw MeshError(
                .malformedFrame,
                "header frame is \(bytes.count) bytes; a FedActors envelope has at least \(Self.fixedSize)")
        }
        let rawKind = try reader.read(UInt8.self)
        guard let kind = Kind(rawValue: rawKind) else {
            throw MeshError(.malformedFrame, "unknown message kind \(rawKind)")
        }
        outOfLineFrames = try reader.read(UInt16.self)
        self.kind = kind
        callID = try reader.read(UInt64.self)
        senderIncarnation = try reader.read(UInt64.self)
        recipientIncarnation = try reader.read(UInt64.self)
        fingerprint = try reader.read(UInt64.self)
        deadlineMillis = try reader.read(UInt32.self)
        payloadFrames = try reader.read(UInt16.self)
        runToken = RunToken(
            high: try reader.read(UInt64.self).byteSwapped, low: try reader.read(UInt64.self).byteSwapped)
        guard outOfLineFrames <= payloadFrames else {
            throw MeshError(
                .malformedFrame,
                "the envelope declares \(outOfLineFrames) out-of-line frame(s) among \(payloadFrames) payload frame(s)")
        }
        senderEndpoint = try reader.readString(field: "sender endpoint")
        recipientPath = try reader.readString(field: "recipient path")
        actorType = try reader.readString(field: "actor type")
        target = try reader.readString(field: "target")
        guard reader.remaining == 0 else {
            throw MeshError(.malformedFrame, "\(reader.remaining) unexpected bytes after the envelope's last field")
        }
    }
}

/// Reads the envelope's little-endian integers and length-prefixed strings, with bounds checks.
private struct EnvelopeReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(MeshError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else {
            throw MeshError(
                .malformedFrame, "truncated header: needed \(size) bytes at offset \(offset), \(remaining) left")
        }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readString(field: String) throws(MeshError) -> String {
        let length = Int(try read(UInt16.self))
        guard remaining >= length else {
            throw MeshError(
                .malformedFrame,
                "the \(field) declares \(length) bytes at offset \(offset) but only \(remaining) are left")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
        offset += length
        guard let text = String(validating: slice.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw MeshError(.malformedFrame, "the \(field) is not valid UTF-8")
        }
        return text
    }
}

extension Data {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
