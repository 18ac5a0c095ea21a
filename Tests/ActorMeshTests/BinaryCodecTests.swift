import Foundation
import Testing

@testable import ActorMesh

// MARK: - Fixtures

/// Transport-owned bytes `offset` bytes past a 16-byte boundary, as a transport could hand up.
private final class OffsetStorage: FrameStorage, @unchecked Sendable {
    // @unchecked: the memory is written once in init and only read afterwards.
    private let memory: UnsafeMutableRawBufferPointer
    private let offset: Int
    init(_ bytes: Data, offset: Int) {
        self.offset = offset
        memory = .allocate(byteCount: bytes.count + offset, alignment: 16)
        memory.baseAddress?.advanced(by: offset).copyMemory(from: [UInt8](bytes), byteCount: bytes.count)
    }
    deinit { memory.deallocate() }
    var count: Int { memory.count - offset }
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: memory[offset...]))
    }
}

private struct Point: Codable, Equatable {
    var x: Int
    var y: Double
}

private struct Everything: Codable, Equatable {
    var b: Bool
    var i: Int
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var u: UInt
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
    var f: Float
    var d: Double
    var s: String
}

private struct Nested: Codable, Equatable {
    var name: String
    var origin: Point
    var points: [Point]
    var tags: [String: Int]
    var byID: [Int: String]
    var maybe: Point?
    var empty: [Point]
}

private enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case rect(Double, Double)
    case labeled(name: String, Point)
    case nothing
}

private enum Plain: String, Codable, Equatable { case a, b }

private struct Model: Codable, Equatable {
    var round: Int
    var weights: [Float]
    var bias: [Double]
    var blob: Data
}

private class Animal: Codable {
    var name: String
    init(name: String) { self.name = name }
}

private final class Dog: Animal {
    var tricks: [String]
    init(name: String, tricks: [String]) {
        self.tricks = tricks
        super.init(name: name)
    }
    private enum CodingKeys: String, CodingKey { case tricks }
    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tricks = try container.decode([String].self, forKey: .tricks)
        try super.init(from: container.superDecoder())
    }
    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tricks, forKey: .tricks)
        try super.encode(to: container.superEncoder())
    }
}

/// Nests itself `depth` times through an unkeyed container.
private indirect enum Deep: Codable {
    case leaf
    case node(Deep)
    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        if container.isAtEnd { self = .leaf } else { self = .node(try container.decode(Deep.self)) }
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        if case .node(let inner) = self { try container.encode(inner) }
    }
}

private func roundTrip<T: Codable>(_ value: T) throws -> T {
    let data = try BinaryEncoder().encode(value)
    return try BinaryDecoder().decode(T.self, from: data)
}

/// Decodes `bytes` as `T`; returns the error, and records an issue if anything but a
/// `BinaryCodingError` (or nothing) was thrown.
private func decodeError<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> BinaryCodingError? {
    do {
        _ = try bytes.withUnsafeBytes { try BinaryDecoder().decode(type, from: $0) }
        return nil
    } catch let error as BinaryCodingError {
        return error
    } catch {
        Issue.record("expected BinaryCodingError, got \(Swift.type(of: error)): \(error)")
        return nil
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Round trips

@Suite("BinaryCodec round trips")
struct BinaryCodecTests {
    @Test func primitivesRoundTrip() throws {
        let extremes = Everything(
            b: true, i: .min, i8: .min, i16: .min, i32: .min, i64: .min, u: .max, u8: .max, u16: .max,
            u32: .max, u64: .max, f: -.greatestFiniteMagnitude, d: .leastNonzeroMagnitude, s: "héllo ✓ 🚀")
        #expect(try roundTrip(extremes) == extremes)
        let zeros = Everything(
            b: false, i: 0, i8: 0, i16: 0, i32: 0, i64: 0, u: 0, u8: 0, u16: 0, u32: 0, u64: 0, f: 0, d: 0, s: "")
        #expect(try roundTrip(zeros) == zeros)
        #expect(try roundTrip(Int.max) == Int.max)
        #expect(try roundTrip(-1) == -1)
        #expect(try roundTrip("") == "")
        #expect(try roundTrip(true) == true)
        #expect(try roundTrip(Float.pi) == Float.pi)
        #expect(try roundTrip(Int8(-128)) == -128)
        #expect(try roundTrip(UInt16(65535)) == 65535)
    }

    @Test func optionalsRoundTrip() throws {
        #expect(try roundTrip(Int?.none) == nil)
        #expect(try roundTrip(Int?.some(5)) == 5)
        #expect(try roundTrip([1, nil, 3] as [Int?]) == [1, nil, 3])
        #expect(try roundTrip(Point?.none) == nil)
        // Optional<Int> and Int are different types: the encoding of an Int? must not be read as
        // a raw or primitive fast path by mistake, and nil is distinguishable from 0.
        let optionals: [Int?] = [nil, 0]
        #expect(try roundTrip(optionals) == optionals)
        // Nested optionals: .some(.none) is written as nil (as JSONEncoder does) and reads back as nil.
        let nested: [Int??] = [.some(.some(1)), .none]
        #expect(try roundTrip(nested) == nested)
        #expect(try roundTrip(Int??.some(.some(7))) == .some(.some(7)))
        // An Optional<[Float]> field still takes the raw fast path inside.
        struct Holder: Codable, Equatable { var w: [Float]?; var n: Int? }
        #expect(try roundTrip(Holder(w: [1, 2], n: nil)) == Holder(w: [1, 2], n: nil))
        #expect(try roundTrip(Holder(w: nil, n: 3)) == Holder(w: nil, n: 3))
    }

    @Test func nestedStructsDictionariesAndArrays() throws {
        let value = Nested(
            name: "n", origin: Point(x: -3, y: 2.5), points: (0..<50).map { Point(x: $0, y: Double($0) / 3) },
            tags: ["a": 1, "b": -2, "": 0], byID: [1: "one", -7: "minus seven", 1_000_000: "big"],
            maybe: Point(x: 1, y: 1), empty: [])
        #expect(try roundTrip(value) == value)
        let big = Dictionary(uniqueKeysWithValues: (0..<500).map { ("k\($0)", $0) })
        #expect(try roundTrip(big) == big)
        #expect(try roundTrip([[1, 2], [], [3]] as [[Int]]) == [[1, 2], [], [3]])
        #expect(try roundTrip([String]()) == [])
        #expect(try roundTrip([Float]()) == [])
        #expect(try roundTrip(Data()) == Data())
    }

    @Test func enumsRoundTrip() throws {
        let shapes: [Shape] = [.circle(radius: 2), .rect(3, 4), .labeled(name: "p", Point(x: 1, y: 2)), .nothing]
        #expect(try roundTrip(shapes) == shapes)
        #expect(try roundTrip([Plain.a, .b]) == [.a, .b])
    }

    @Test func classInheritanceViaSuperEncoder() throws {
        let dog = try roundTrip(Dog(name: "Rex", tricks: ["sit", "roll"]))
        #expect(dog.name == "Rex")
        #expect(dog.tricks == ["sit", "roll"])
    }

    @Test func classesSharingOneEncoderRoundTrip() throws {
        // The common pattern where a subclass passes its own encoder to super: both ask the same
        // encoder for a keyed container and must get the same one.
        class Base: Codable {
            var id: Int
            init(id: Int) { self.id = id }
        }
        final class Derived: Base {
            var label: String
            init(id: Int, label: String) {
                self.label = label
                super.init(id: id)
            }
            private enum CodingKeys: String, CodingKey { case label }
            required init(from decoder: any Decoder) throws {
                label = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .label)
                try super.init(from: decoder)
            }
            override func encode(to encoder: any Encoder) throws {
                try super.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(label, forKey: .label)
            }
        }
        let decoded = try roundTrip([Derived(id: 7, label: "seven"), Derived(id: 8, label: "")])
        #expect(decoded.map(\.id) == [7, 8])
        #expect(decoded.map(\.label) == ["seven", ""])
    }

    @Test func optionalFieldsAndKeysOutOfOrder() throws {
        struct Writer: Codable { var a: Int?; var b: String?; var c: [Float]?; var d: Int?? }
        struct Reader: Decodable, Equatable {
            var c: [Float]?; var b: String?; var a: Int?; var missing: Int?
            private enum CodingKeys: String, CodingKey { case a, b, c, missing }
            init(c: [Float]?, b: String?, a: Int?, missing: Int?) {
                (self.c, self.b, self.a, self.missing) = (c, b, a, missing)
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                c = try container.decodeIfPresent([Float].self, forKey: .c)
                b = try container.decodeIfPresent(String.self, forKey: .b)
                a = try container.decodeIfPresent(Int.self, forKey: .a)
                missing = try container.decodeIfPresent(Int.self, forKey: .missing)
            }
        }
        let data = try BinaryEncoder().encode(Writer(a: 1, b: nil, c: [2], d: .some(nil)))
        #expect(try BinaryDecoder().decode(Reader.self, from: data) == Reader(c: [2], b: nil, a: 1, missing: nil))
        let writer = try BinaryDecoder().decode(Writer.self, from: data)
        #expect(writer.a == 1 && writer.b == nil && writer.c == [2])
    }

    @Test func integersDecodeIntoAnyTypeTheyFit() throws {
        #expect(try BinaryDecoder().decode(UInt8.self, from: BinaryEncoder().encode(Int64(200))) == 200)
        #expect(try BinaryDecoder().decode(Int.self, from: BinaryEncoder().encode(UInt32.max)) == Int(UInt32.max))
        #expect(try BinaryDecoder().decode(Double.self, from: BinaryEncoder().encode(Float(0.5))) == 0.5)
        #expect(try BinaryDecoder().decode([UInt8].self, from: BinaryEncoder().encode(Data([1, 2]))) == [1, 2])
    }

    @Test func rawArraysAreBitExact() throws {
        var weights = [Float](repeating: 0, count: 1 << 20)  // 4 MB
        var rng = SplitMix(state: 42)
        for i in weights.indices { weights[i] = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        weights[0] = .nan
        weights[1] = Float(bitPattern: 0x7FC0_1234)  // quiet NaN with a payload
        weights[2] = Float(bitPattern: 0x7F80_0001)  // signalling NaN
        weights[3] = -0.0
        weights[4] = .infinity
        weights[5] = -.infinity
        weights[6] = .leastNonzeroMagnitude
        let model = Model(
            round: 3, weights: weights, bias: [.nan, -0.0, 1e300, -.infinity],
            blob: Data((0..<1000).map { UInt8(truncatingIfNeeded: $0) }))
        let decoded = try roundTrip(model)
        #expect(decoded.round == 3)
        #expect(decoded.weights.map(\.bitPattern) == weights.map(\.bitPattern))
        #expect(decoded.bias.map(\.bitPattern) == model.bias.map(\.bitPattern))
        #expect(decoded.blob == model.blob)
        #expect(try roundTrip([Int32.min, 0, .max]) == [Int32.min, 0, .max])
        #expect(try roundTrip([Int64.min, 0, .max]) == [Int64.min, 0, .max])
        #expect(try roundTrip([Int.min, 5, .max]) == [Int.min, 5, .max])
        #expect(try roundTrip([UInt8](repeating: 7, count: 3)) == [7, 7, 7])
        #expect(try roundTrip([[Float]]([[1, 2], [], [.infinity]])) == [[1, 2], [], [.infinity]])
    }

    @Test func decodesFromAnUnalignedBorrowedBuffer() throws {
        // Transports hand the decoder a raw buffer at any alignment, valid only during the call.
        let model = Model(round: 9, weights: [1, -2, .nan, 4], bias: [0.25], blob: Data([1, 2, 3]))
        let bytes = [0xAA] + [UInt8](try BinaryEncoder().encode(model))
        let decoded = try bytes.withUnsafeBytes { raw in
            try BinaryDecoder().decode(Model.self, from: UnsafeRawBufferPointer(rebasing: raw[1...]))
        }
        #expect(decoded.weights.map(\.bitPattern) == model.weights.map(\.bitPattern))
        #expect(decoded.bias == [0.25] && decoded.blob == Data([1, 2, 3]) && decoded.round == 9)
    }

    @Test func oneMillionFloatsAreHeaderPlusRawBytes() throws {
        let floats = [Float](repeating: 1.5, count: 1_000_000)
        let data = try BinaryEncoder().encode(floats)
        // tag (1) + varint(1_000_000) (3 bytes) + 4,000,000 raw bytes: no JSON, no base64.
        #expect(data.count == 1 + 3 + 4_000_000)
        #expect(data[0] == 0x10)
        struct Field: Codable { var weights: [Float] }
        let field = try BinaryEncoder().encode(Field(weights: floats))
        // keyed tag + count (5) + key "weights" (1 + 7) + array header (4) + raw bytes.
        #expect(field.count == 5 + 8 + 4 + 4_000_000)
    }

    @Test func largeArraysTravelOutOfLineWithoutACopy() throws {
        // Prepare: one array and one Data above the 1 KB threshold, one array below it.
        let weights = (0..<10_000).map { Float($0) * 0.5 }
        let model = Model(round: 4, weights: weights, bias: [1, 2], blob: Data(repeating: 9, count: 4096))
        // Execute
        let (inline, outOfLine) = try BinaryEncoder().encode(model, outOfLineFrom: 1024, firstIndex: 2)
        // Assert: the big values are out of line in field order, over the value's own memory; the
        // inline part holds only their markers; decoding with the buffers gives the value back.
        #expect(outOfLine.count == 2)
        #expect(outOfLine[0].count == 40_000 && outOfLine[1] == model.blob)
        let shared = outOfLine[0].withUnsafeBytes { $0.baseAddress }
        #expect(shared == weights.withUnsafeBytes { $0.baseAddress }, "the weights were copied")
        #expect(inline.count < 100)
        let buffers = [Data(), Data()] + outOfLine  // indices start at firstIndex
        let decoded = try inline.withUnsafeBytes { main in
            try buffers[0].withUnsafeBytes { b0 in
                try buffers[1].withUnsafeBytes { b1 in
                    try buffers[2].withUnsafeBytes { b2 in
                        try buffers[3].withUnsafeBytes { b3 in
                            try BinaryDecoder().decode(Model.self, from: main, outOfLine: [b0, b1, b2, b3])
                        }
                    }
                }
            }
        }
        #expect(decoded == model)
        // Without a threshold nothing leaves the value.
        #expect(try BinaryEncoder().encode(model, outOfLineFrom: .max).outOfLine.isEmpty)
    }

    @Test func floatPayloadsAreFloatArraysOnTheWireAndBorrowOnlyWholeAlignedFrames() throws {
        struct Update: Codable, Equatable { var round: Int; var weights: FloatPayload }
        struct ArrayUpdate: Codable { var round: Int; var weights: [Float] }
        let weights = (0..<20_000).map { Float($0) - 0.25 }
        let payload = FloatPayload(weights)
        // The same bytes as the [Float], inline and out of line; the out-of-line bytes are the
        // array's own memory.
        #expect(
            try BinaryEncoder().encode(Update(round: 1, weights: payload))
                == BinaryEncoder().encode(ArrayUpdate(round: 1, weights: weights)))
        let (inline, outOfLine) = try BinaryEncoder().encode(Update(round: 2, weights: payload), outOfLineFrom: 1024)
        let (arrayInline, arrayOutOfLine) = try BinaryEncoder().encode(
            ArrayUpdate(round: 2, weights: weights), outOfLineFrom: 1024)
        #expect(inline == arrayInline && outOfLine == arrayOutOfLine && outOfLine.count == 1)
        #expect(
            outOfLine[0].withUnsafeBytes { $0.baseAddress } == weights.withUnsafeBytes { $0.baseAddress },
            "the payload was copied")

        func decode<T: Decodable>(_ type: T.Type, _ inline: Data, _ frame: Frame, withFrames: Bool) throws -> T {
            try inline.withUnsafeBytes { main in
                try frame.withUnsafeBytes { buffer in
                    try BinaryDecoder().decode(
                        T.self, from: main, outOfLine: withFrames ? .frames([frame]) : .pointers([buffer]))
                }
            }
        }
        // Given its frame, the decoder hands the frame itself to the payload; a [Float] copies.
        let received = Frame(external: OffsetStorage(outOfLine[0], offset: 0))
        let borrowed = try decode(Update.self, inline, received, withFrames: true)
        #expect(borrowed.weights.isBorrowingReceivedFrame && borrowed == Update(round: 2, weights: payload))
        #expect(try decode(ArrayUpdate.self, inline, received, withFrames: true).weights == weights)
        // Sent on, a borrowed payload goes out from the received bytes themselves.
        let resent = try BinaryEncoder().encode(borrowed, outOfLineFrom: 1024)
        #expect(resent.inline == inline && resent.outOfLine == outOfLine)
        #expect(
            resent.outOfLine[0].withUnsafeBytes { $0.baseAddress } == received.withUnsafeBytes { $0.baseAddress },
            "the borrowed payload was copied")
        // Without frames (the public entry point), or from a frame whose bytes are not Float-aligned,
        // it copies and still decodes exactly.
        let copied = try decode(Update.self, inline, received, withFrames: false)
        #expect(!copied.weights.isBorrowingReceivedFrame && copied.weights == payload)
        let misaligned = Frame(external: OffsetStorage(outOfLine[0], offset: 1))
        let unaligned = try decode(Update.self, inline, misaligned, withFrames: true)
        #expect(!unaligned.weights.isBorrowingReceivedFrame && unaligned.weights == payload)
        #expect(FloatPayload(borrowing: Frame(Data(count: 6))) == nil, "6 bytes are not a whole number of Floats")
        #expect(
            FloatPayload(borrowing: Frame(Data(count: 32))) == nil, "a frame this small may live inside its Data value")
        #expect(FloatPayload(borrowing: Frame(external: OffsetStorage(Data(count: 64), offset: 0)))?.count == 16)
        // A frame that does not hold exactly the declared elements, or a buffer index past the
        // message's frames, is refused like for a [Float].
        let short = Frame(outOfLine[0].prefix(40_000))
        #expect(throws: BinaryCodingError.self) { _ = try decode(Update.self, inline, short, withFrames: true) }
        let (pastEnd, _) = try BinaryEncoder().encode(
            Update(round: 2, weights: payload), outOfLineFrom: 1024, firstIndex: 1)
        #expect(throws: BinaryCodingError.self) { _ = try decode(Update.self, pastEnd, received, withFrames: true) }
        // Other coders see a plain [Float].
        let json = try JSONEncoder().encode(Update(round: 3, weights: FloatPayload([1, 2.5])))
        #expect(String(decoding: json, as: UTF8.self).contains("[1,2.5]"))
        #expect(try JSONDecoder().decode(Update.self, from: json) == Update(round: 3, weights: FloatPayload([1, 2.5])))
    }

    @Test func userInfoReachesNestedCoders() throws {
        let key = try #require(CodingUserInfoKey(rawValue: "test.marker"))
        struct Probe: Codable {
            var seen: Bool
            init(seen: Bool) { self.seen = seen }
            init(from decoder: any Decoder) throws {
                let key = CodingUserInfoKey(rawValue: "test.marker")
                let encoderSaw = try decoder.singleValueContainer().decode(Bool.self)
                seen = encoderSaw && key.flatMap { decoder.userInfo[$0] as? String } == "yes"
            }
            func encode(to encoder: any Encoder) throws {
                let key = CodingUserInfoKey(rawValue: "test.marker")
                var container = encoder.singleValueContainer()
                try container.encode(key.flatMap { encoder.userInfo[$0] as? String } == "yes")
            }
        }
        struct Outer: Codable { var inner: [[String: Probe]] }
        var encoder = BinaryEncoder()
        encoder.userInfo[key] = "yes"
        let data = try encoder.encode(Outer(inner: [["p": Probe(seen: false)]]))
        var decoder = BinaryDecoder()
        decoder.userInfo[key] = "yes"
        let decoded = try decoder.decode(Outer.self, from: data)
        #expect(decoded.inner.first?["p"]?.seen == true)
    }
}

// MARK: - Hostile input

extension BinaryCodecTests {
    @Suite("BinaryCodec hostile input")
    struct HostileInput {
        private static let sample = Nested(
            name: "sample", origin: Point(x: 1, y: 2), points: [Point(x: 3, y: 4), Point(x: -5, y: 6)],
            tags: ["k": 9], byID: [4: "four"], maybe: nil, empty: [])

        @Test func randomBytesThrowTypedErrors() {
            var rng = SplitMix(state: 7)
            var errors = 0
            for _ in 0..<2000 {
                let length = Int(rng.next() % 64)
                var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                // Bias half of the inputs towards plausible tags so decoding gets past the first byte.
                if length > 0, rng.next() % 2 == 0 { bytes[0] = UInt8(rng.next() % 0x16) }
                for decode in [
                    { decodeError(Nested.self, bytes) }, { decodeError([Shape].self, bytes) },
                    { decodeError([Int: [Float]].self, bytes) }, { decodeError(String?.self, bytes) },
                ] where decode() != nil {
                    errors += 1
                }
            }
            #expect(errors > 7000)
        }

        @Test func outOfLineReferencesAreChecked() throws {
            let weights = [Float](repeating: 1, count: 1000)
            let (inline, outOfLine) = try BinaryEncoder().encode(weights, outOfLineFrom: 64)
            let bytes = [UInt8](inline)
            func decode(_ buffers: [Data], _ input: [UInt8] = bytes) -> BinaryCodingError? {
                do {
                    _ = try input.withUnsafeBytes { main in
                        try buffers.first.map { first in
                            try first.withUnsafeBytes {
                                try BinaryDecoder().decode([Float].self, from: main, outOfLine: [$0])
                            }
                        } ?? BinaryDecoder().decode([Float].self, from: main)
                    }
                    return nil
                } catch let error as BinaryCodingError {
                    return error
                } catch {
                    Issue.record("unexpected \(error)")
                    return nil
                }
            }
            #expect(decode(outOfLine) == nil)
            // The buffer is missing, or too short or long for the declared elements.
            #expect(decode([])?.code == .lengthExceedsInput)
            #expect(decode([outOfLine[0].prefix(3996)])?.code == .lengthExceedsInput)
            #expect(decode([outOfLine[0] + Data([0])])?.code == .lengthExceedsInput)
            // The marker names something that is not a raw array, or is itself cut short.
            var badTag = bytes
            badTag[1] = 0x07
            #expect(decode(outOfLine, badTag)?.code == .invalidTag)
            for length in 1..<bytes.count { #expect(decode(outOfLine, Array(bytes.prefix(length))) != nil) }
            // The wrong element type for the buffer's array.
            let asDoubles = outOfLine[0].withUnsafeBytes { b in
                bytes.withUnsafeBytes { main in
                    Result { try BinaryDecoder().decode([Double].self, from: main, outOfLine: [b]) }
                }
            }
            #expect(throws: BinaryCodingError.self) { try asDoubles.get() }
        }

        @Test func mutatedEncodingsNeverCrash() throws {
            let valid = [UInt8](try BinaryEncoder().encode(Self.sample))
            let shapes = [UInt8](
                try BinaryEncoder().encode([Shape.circle(radius: 1), .labeled(name: "x", Point(x: 1, y: 2))]))
            var rng = SplitMix(state: 99)
            for round in 0..<2000 {
                var bytes = round % 2 == 0 ? valid : shapes
                for _ in 0...(rng.next() % 4) {
                    let position = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 3 {
                    case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.remove(at: position)
                    default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
                    }
                }
                // Mutations may still decode (a changed digit); they must never crash or throw
                // anything but BinaryCodingError.
                _ = decodeError(Nested.self, bytes)
                _ = decodeError([Shape].self, bytes)
            }
        }

        @Test func everyTruncationThrows() throws {
            let data = try BinaryEncoder().encode(Self.sample)
            let bytes = [UInt8](data)
            for length in 0..<bytes.count {
                let error = decodeError(Nested.self, Array(bytes[0..<length]))
                #expect(error != nil, "prefix of \(length) bytes decoded")
            }
            let model = try BinaryEncoder().encode(Model(round: 1, weights: [1, 2, 3], bias: [4], blob: Data([5])))
            for length in 0..<model.count {
                #expect(decodeError(Model.self, Array(model[0..<length])) != nil)
            }
        }

        @Test func trailingBytesThrow() throws {
            let bytes = [UInt8](try BinaryEncoder().encode(Point(x: 1, y: 2))) + [0]
            let error = try #require(decodeError(Point.self, bytes))
            #expect(error.code == .trailingBytes)
            #expect(error.offset == bytes.count - 1)
            #expect(error.message.contains("end of input"))
        }

        @Test func hugeDeclaredCountsThrowBeforeAllocating() throws {
            // [Float] claiming 2^62 elements.
            let floats: [UInt8] = [0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 1, 2, 3, 4]
            let error = try #require(decodeError([Float].self, floats))
            #expect(error.code == .lengthExceedsInput)
            #expect(error.offset == 1)
            #expect(error.description.contains("at byte 1"))
            // An unkeyed container claiming UInt32.max elements.
            let unkeyed: [UInt8] = [0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]
            #expect(decodeError([Int].self, unkeyed)?.code == .lengthExceedsInput)
            // A string claiming more bytes than remain.
            #expect(decodeError(String.self, [0x07, 0x05, 0x61])?.code == .lengthExceedsInput)
            // A varint longer than 64 bits.
            #expect(decodeError(Int.self, [0x03] + [UInt8](repeating: 0xFF, count: 11))?.code == .integerOverflow)
        }

        @Test func deepNestingThrows() throws {
            // 10,000 unkeyed containers of one element each, then nil.
            var bytes: [UInt8] = []
            for _ in 0..<10_000 { bytes += [0x09, 0x01, 0x00, 0x00, 0x00] }
            bytes.append(0x00)
            let error = try #require(decodeError(Deep.self, bytes))
            #expect(error.code == .depthLimitExceeded)
            #expect(error.message.contains("128"))
            // Nesting within the limit decodes.
            var deep = Deep.leaf
            for _ in 0..<100 { deep = .node(deep) }
            _ = try roundTrip(deep)
        }

        @Test func wrongTypesAndTagsNameTheOffset() throws {
            let point = try BinaryEncoder().encode(Point(x: 1, y: 2))
            let asString = try #require(decodeError(String.self, [UInt8](point)))
            #expect(asString.code == .typeMismatch)
            #expect(asString.offset == 0)
            #expect(asString.message.contains("expected String, found keyed container"))
            let unknownTag = try #require(decodeError(Int.self, [0x7A]))
            #expect(unknownTag.code == .invalidTag)
            #expect(unknownTag.message.contains("0x7a"))
            let overflow = try #require(decodeError(Int8.self, [UInt8](try BinaryEncoder().encode(300))))
            #expect(overflow.code == .integerOverflow)
            let missing = try #require(decodeError(Point.self, [0x08, 0, 0, 0, 0]))
            #expect(missing.code == .keyNotFound)
            #expect(missing.message.contains("'x'"))
            let badUTF8 = try #require(decodeError(String.self, [0x07, 0x02, 0xC3, 0x28]))
            #expect(badUTF8.code == .invalidUTF8)
            // An enum case that does not exist: the synthesized DecodingError comes back wrapped.
            let wrongCase = try BinaryEncoder().encode(["unknown": [String: Int]()])
            let wrapped = try #require(decodeError(Shape.self, [UInt8](wrongCase)))
            #expect(wrapped.code == .invalidValue)
            #expect(decodeError(Int.self, [])?.code == .truncated)
        }

        @Test func containersUsedOutOfOrderThrow() {
            struct Misuse: Encodable {
                func encode(to encoder: any Encoder) throws {
                    var outer = encoder.container(keyedBy: IndexCodingKey.self)
                    var inner = outer.nestedUnkeyedContainer(forKey: IndexCodingKey(0))
                    try inner.encode(1)
                    try outer.encode(2, forKey: IndexCodingKey(1))
                    try inner.encode(3)  // inner was closed by the write to outer
                }
            }
            #expect(throws: BinaryCodingError.self) { try BinaryEncoder().encode(Misuse()) }
        }
    }
}
