/// The dictionary of a `.npy` header, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (200, 784), }`,
/// read for the three keys NumPy writes; anything but C-ordered little-endian float32 is refused,
/// saying how to convert it.
struct NPYHeader {
    var shape: [Int]

    init(parsing text: String, source: String) throws(LearningError) {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else {
            throw LearningError(.invalidData, "\(source): the .npy header is not a dictionary: \(trimmed.prefix(80))")
        }
        guard let descr = Self.value(of: "descr", in: trimmed),
            let order = Self.value(of: "fortran_order", in: trimmed),
            let shapeText = Self.value(of: "shape", in: trimmed)
        else {
            throw LearningError(
                .invalidData, "\(source): the .npy header lacks descr, fortran_order or shape: \(trimmed.prefix(120))")
        }
        let type = String(descr.filter { $0 != "'" && $0 != "\"" })
        guard type == "<f4" else {
            throw LearningError(
                .invalidData,
                """
                \(source) holds \(Self.typeName(type)) ('\(type)'); FedActors reads little-endian float32 ('<f4'): \
                save it as array.astype('<f4')
                """
            )
        }
        guard order == "False" else {
            throw LearningError(
                .invalidData, "\(source) is in Fortran order; save it in C order (np.ascontiguousarray(array))")
        }
        guard shapeText.hasPrefix("("), shapeText.hasSuffix(")") else {
            throw LearningError(.invalidData, "\(source): the .npy shape \(shapeText) is not a tuple")
        }
        var dims: [Int] = []
        for part in shapeText.dropFirst().dropLast().split(separator: ",") {
            let word = String(part).trimmingSpaces
            guard let n = Int(word), n >= 0 else {
                throw LearningError(.invalidData, "\(source): the .npy shape \(shapeText) has a size '\(word)'")
            }
            dims.append(n)
        }
        shape = dims
    }

    /// The text of `key`'s value: a quoted string, a word, or a parenthesised tuple.
    private static func value(of key: String, in dict: String) -> String? {
        for quote in ["'", "\""] {
            guard let keyRange = dict.range(of: quote + key + quote) else { continue }
            var rest = dict[keyRange.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            switch rest.first {
            case "(": return rest.firstIndex(of: ")").map { String(rest[...$0]) }
            case "'", "\"":
                let q = rest.first ?? "'"
                return rest.dropFirst().firstIndex(of: q).map { String(rest[...$0]) }
            default: return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingSpaces
            }
        }
        return nil
    }

    private static func typeName(_ descr: String) -> String {
        switch descr {
        case "<f8", "=f8": return "float64"
        case ">f4": return "big-endian float32"
        case "<f2": return "float16"
        default: return "another type"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and newlines.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}
