import Foundation

#if _endian(big)
    #error("The binary codec's memcpy fast paths assume a little-endian host.")
#endif

/// The wire format written by ``BinaryEncoder`` and read by ``BinaryDecoder``.
///
/// Every value starts with a one-byte tag; all multi-byte numbers are little-endian.
///
/// | tag  | value                  | payload                                                     |
/// |------|------------------------|-------------------------------------------------------------|
/// | 0x00 | nil                    | none                                                        |
/// | 0x01 | false / 0x02 true      | none                                                        |
/// | 0x03 | signed integer         | zigzag LEB128 varint (1–10 bytes) of the value as `Int64`   |
/// | 0x04 | unsigned integer       | LEB128 varint (1–10 bytes) of the value as `UInt64`         |
/// | 0x05 | Float                  | 4 bytes, IEEE 754 bit pattern (NaN payloads preserved)      |
/// | 0x06 | Double                 | 8 bytes, IEEE 754 bit pattern                               |
/// | 0x07 | String                 | varint byte length + UTF-8 bytes                            |
/// | 0x08 | keyed container        | UInt32 entry count + entries (key: varint length + UTF-8, then a value) |
/// | 0x09 | unkeyed container      | UInt32 element count + values                               |
/// | 0x10…0x14 | `[Float]`, `[Double]`, `[UInt8]`, `[Int32]`, `[Int64]`/`[Int]` | varint element count + raw elements |
/// | 0x15 | `Data`                 | varint byte count + raw bytes                               |
/// | 0x16 | out-of-line raw array  | its tag (0x10…0x15) + varint element count + varint index of the out-of-line buffer that holds the bytes |
///
/// Out-of-line arrays are written only when the encoder is asked to
/// (``BinaryEncoder/encode(_:outOfLineFrom:firstIndex:)``,
/// which the mesh uses so a model's parameters go to the socket from the array's own memory), and
/// read only when the decoder is given the buffers.
///
/// Container counts are fixed-width so the streaming encoder can patch them in place. Any integer
/// tag decodes into any integer type the value fits; a `Float` also decodes as `Double`; `Data` and
/// `[UInt8]` are interchangeable. Int-keyed dictionaries use the decimal string of the key.
enum BinaryTag: UInt8, Sendable {
    case null = 0x00
    case falseValue = 0x01
    case trueValue = 0x02
    case signed = 0x03
    case unsigned = 0x04
    case float32 = 0x05
    case float64 = 0x06
    case string = 0x07
    case keyed = 0x08
    case unkeyed = 0x09
    case floatArray = 0x10
    case doubleArray = 0x11
    case byteArray = 0x12
    case int32Array = 0x13
    case int64Array = 0x14
    case data = 0x15
    case outOfLine = 0x16
    /// Not on the wire: marks a key inside a keyed container in the decoder's node index.
    case key = 0xFE

    /// Size of one element of a raw-array tag, or `nil` for other tags.
    var rawElementSize: Int? {
        switch self {
        case .floatArray: return 4
        case .doubleArray: return 8
        case .byteArray, .data: return 1
        case .int32Array: return 4
        case .int64Array: return 8
        default: return nil
        }
    }

    /// A human-readable name for error messages.
    var name: String {
        switch self {
        case .null: return "nil"
        case .falseValue, .trueValue: return "Bool"
        case .signed: return "signed integer"
        case .unsigned: return "unsigned integer"
        case .float32: return "Float"
        case .float64: return "Double"
        case .string: return "String"
        case .keyed: return "keyed container"
        case .unkeyed: return "unkeyed container"
        case .floatArray: return "[Float]"
        case .doubleArray: return "[Double]"
        case .byteArray: return "[UInt8]"
        case .int32Array: return "[Int32]"
        case .int64Array: return "[Int64]"
        case .data: return "Data"
        case .outOfLine: return "out-of-line array"
        case .key: return "key"
        }
    }
}

/// Types written as a tag, an element count and one memcpy of their little-endian bytes.
///
/// Detected by comparing metatypes (never by casting values, which would also match optionals).
enum RawArrayKind: Sendable {
    case float, double, uint8, int32, int64, int, data

    /// The fast-path kind of `type`, or `nil` when it takes the generic `Codable` path.
    @inline(__always)
    static func of<T>(_ type: T.Type) -> RawArrayKind? {
        // Generic metatypes such as `[Float].self` cost a runtime metadata lookup each time they
        // are spelled, so compare against identifiers computed once.
        let id = ObjectIdentifier(type)
        let known = KnownTypes.shared
        if id == known.floatArray { return .float }
        if id == known.data { return .data }
        if id == known.byteArray { return .uint8 }
        if id == known.doubleArray { return .double }
        if id == known.int32Array { return .int32 }
        if id == known.int64Array { return .int64 }
        if id == known.intArray, MemoryLayout<Int>.size == 8 { return .int }
        return nil
    }

    /// The tag this kind is written with.
    var tag: BinaryTag {
        switch self {
        case .float: return .floatArray
        case .double: return .doubleArray
        case .uint8: return .byteArray
        case .int32: return .int32Array
        case .int64, .int: return .int64Array
        case .data: return .data
        }
    }

    /// Whether a value written with `tag` can be read as this kind.
    func accepts(_ tag: BinaryTag) -> Bool {
        switch self {
        case .uint8, .data: return tag == .byteArray || tag == .data
        default: return tag == self.tag
        }
    }
}

/// `value` as `U`. Only call right after checking that `T.self == U.self`, which makes this an
/// identity; it avoids a dynamic cast (and the `Optional<U>` metadata lookup it needs) on hot paths.
@inline(__always)
func identityCast<T, U>(_ value: T, to type: U.Type) -> U {
    unsafeBitCast(value, to: U.self)
}

/// Identifiers of the fast-path metatypes, computed once.
private struct KnownTypes: Sendable {
    static let shared = KnownTypes()
    let floatArray = ObjectIdentifier([Float].self)
    let doubleArray = ObjectIdentifier([Double].self)
    let byteArray = ObjectIdentifier([UInt8].self)
    let int32Array = ObjectIdentifier([Int32].self)
    let int64Array = ObjectIdentifier([Int64].self)
    let intArray = ObjectIdentifier([Int].self)
    let data = ObjectIdentifier(Data.self)
}

/// Zigzag mapping of signed integers onto unsigned ones, so small negatives stay short as varints.
enum ZigZag {
    @inline(__always) static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
    }
    @inline(__always) static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }
}
