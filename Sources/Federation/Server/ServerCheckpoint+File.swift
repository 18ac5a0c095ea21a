import ActorMesh
import Foundation

extension ServerCheckpoint {
    /// The file layout around the encoded checkpoint: the 8 bytes `FEDACKPT`, the format version
    /// (UInt32), the body's length (UInt64) and its FNV-1a 64 checksum (UInt64), all little-endian,
    /// then the body. A file cut short, or with any byte changed, fails the length or checksum test
    /// before anything is decoded.
    enum File {
        static let magic = Data("FEDACKPT".utf8)
        static let headerSize = 8 + 4 + 8 + 8

        static func wrap(_ body: Data) -> Data {
            var file = magic
            append(UInt32(ServerCheckpoint.formatVersion), to: &file)
            append(UInt64(body.count), to: &file)
            append(checksum(body), to: &file)
            file.append(body)
            return file
        }

        /// The body of `data`, checked; errors name `path` and say what is wrong with the file.
        static func unwrap(_ data: Data, path: String) throws(FederationError) -> Data {
            guard data.count >= magic.count, data.prefix(magic.count) == magic else {
                throw FederationError(
                    .checkpoint,
                    olderFormat(data).map {
                        """
                        \(path) has checkpoint format \($0); this build reads format \
                        \(ServerCheckpoint.formatVersion): start afresh
                        """
                    } ?? "\(path) is not a FedActors checkpoint (it does not start with the checkpoint header)")
            }
            guard data.count >= headerSize else {
                throw FederationError(
                    .checkpoint, "\(path) is truncated: it ends inside the checkpoint header (\(data.count) bytes)")
            }
            let version = read(UInt32.self, data, at: 8), length = read(UInt64.self, data, at: 12),
                sum = read(UInt64.self, data, at: 20)
            guard version == ServerCheckpoint.formatVersion else {
                throw FederationError(
                    .checkpoint,
                    """
                    \(path) has checkpoint format \(version); this build reads format \
                    \(ServerCheckpoint.formatVersion)
                    """
                )
            }
            let body = data.dropFirst(headerSize)
            guard UInt64(body.count) == length else {
                let how =
                    UInt64(body.count) < length
                    ? "is truncated" : "has \(UInt64(body.count) - length) bytes past its end"
                throw FederationError(
                    .checkpoint,
                    "\(path) \(how): the header announces \(length) bytes of checkpoint, the file holds \(body.count)")
            }
            guard checksum(body) == sum else {
                throw FederationError(
                    .checkpoint,
                    """
                    \(path) is corrupt: its checksum does not match its contents (the file was damaged or changed \
                    after it was written); start afresh or use an intact copy
                    """
                )
            }
            return Data(body)
        }

        /// FNV-1a 64 of `bytes`.
        static func checksum(_ bytes: Data) -> UInt64 {
            bytes.withUnsafeBytes { raw in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in raw {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x0000_0100_0000_01b3
                }
                return hash
            }
        }

        /// The format version of a checkpoint written before the header existed (format 1), if `data` is one.
        private static func olderFormat(_ data: Data) -> Int? {
            struct Version: Decodable { var formatVersion: Int }
            return (try? BinaryDecoder().decode(Version.self, from: data))?.formatVersion
        }

        private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }

        private static func read<T: FixedWidthInteger>(_: T.Type, _ data: Data, at offset: Int) -> T {
            var value: T = 0
            for i in (0..<MemoryLayout<T>.size).reversed() {
                value = value << 8 | T(data[data.startIndex + offset + i])
            }
            return value
        }
    }
}
