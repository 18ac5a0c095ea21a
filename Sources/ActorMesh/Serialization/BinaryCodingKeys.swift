/// The coding key of an element of an unkeyed container, shown as `Index n` in coding paths.
struct IndexCodingKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

/// The key `super`, used by `superEncoder()` / `superDecoder()` of keyed containers.
struct SuperCodingKey: CodingKey {
    let stringValue = "super"
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {
        guard stringValue == "super" else { return nil }
    }
    init?(intValue: Int) { return nil }
}
