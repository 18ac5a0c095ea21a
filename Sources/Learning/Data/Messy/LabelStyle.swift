/// How a messy client writes its labels. The words are the data generator's own; the server's data
/// agent does not read this table (it has a glossary of its own, and asks the human or an LLM when it
/// is unsure), so harmonization is measured against labels it was not given.
package enum LabelStyle: String, Codable, Sendable, Equatable, CaseIterable {
    /// Fashion-MNIST's own names ("T-shirt/top", "Ankle boot").
    case canonical
    /// The names in lower case.
    case lowercase
    /// The names in upper case.
    case uppercase
    /// The names as identifiers ("t_shirt_top", "ankle_boot").
    case snake
    /// Other English words ("tee", "pants", "trainer").
    case synonyms
    /// French ("pantalon", "bottine").
    case french
    /// German ("Hose", "Stiefelette").
    case german
    /// Spanish, with its accents ("pantalón", "botín").
    case spanish
    /// Tops and footwear merged into one label each ("top", "footwear"): those labels cannot be mapped to one class.
    case merged
    /// Sneakers, bags and coats split into two sub-labels each ("running shoe", "backpack").
    case split
    /// Misspelled names ("Trouserr", "Sneakr").
    case typos

    /// The label client `rng` writes for Fashion-MNIST class `index` (split labels are drawn from `rng`).
    package func label(forClass index: Int, using rng: inout Xoshiro) -> String {
        let name = FashionMNIST.labelNames[index]
        switch self {
        case .canonical: return name
        case .lowercase: return name.lowercased()
        case .uppercase: return name.uppercased()
        case .snake:
            return name.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        case .synonyms: return Self.englishWords[index]
        case .french: return Self.frenchWords[index]
        case .german: return Self.germanWords[index]
        case .spanish: return Self.spanishWords[index]
        case .merged: return Self.mergedGroups.first { $0.classes.contains(index) }?.label ?? name
        case .split:
            guard let parts = Self.splitLabels[index] else { return name.lowercased() }
            return parts[Int(rng.next() % UInt64(parts.count))]
        case .typos: return Self.misspelled[index]
        }
    }

    /// The class a label of this style stands for; nil for a merged label (it stands for several).
    package func truth(of label: String) -> String? {
        var rng = Xoshiro(seed: 0)
        for index in FashionMNIST.labelNames.indices {
            if self == .split, let parts = Self.splitLabels[index], parts.contains(label) {
                return FashionMNIST.labelNames[index]
            }
            if self == .merged, Self.mergedGroups.contains(where: { $0.label == label }) { return nil }
            if self.label(forClass: index, using: &rng) == label { return FashionMNIST.labelNames[index] }
        }
        return nil
    }

    static let englishWords = [
        "tee", "pants", "sweater", "frock", "overcoat", "flip-flop", "blouse", "trainer", "handbag", "bootie",
    ]
    static let frenchWords = [
        "t-shirt", "pantalon", "pull", "robe", "manteau", "sandale", "chemise", "basket", "sac", "bottine",
    ]
    static let germanWords = [
        "T-Shirt", "Hose", "Pullover", "Kleid", "Mantel", "Sandale", "Hemd", "Turnschuh", "Tasche", "Stiefelette",
    ]
    static let spanishWords = [
        "camiseta", "pantalón", "suéter", "vestido", "abrigo", "sandalia", "camisa", "zapatilla", "bolso", "botín",
    ]
    static let misspelled = [
        "T-shrt/top", "Trouserr", "Pulover", "Dresss", "Caot", "Sandl", "Shrit", "Sneakr", "Bagg", "Ankle bot",
    ]
    /// Merged labels and the classes each covers.
    static let mergedGroups: [(label: String, classes: [Int])] = [("top", [0, 2, 6]), ("footwear", [5, 7, 9])]
    /// Split classes and their sub-labels.
    static let splitLabels: [Int: [String]] = [
        7: ["running shoe", "skate shoe"], 8: ["handbag", "backpack"], 4: ["parka", "trench coat"],
    ]
}
