internal import CZlib

/// CRC-32 (IEEE 802.3, as zip and gzip use it), computed by zlib.
enum CRC32 {
    static func of(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            // zlib returns the initial value, 0, for a null buffer (an empty slice).
            UInt32(truncatingIfNeeded: crc32_z(0, buffer.baseAddress, buffer.count))
        }
    }
}
