import Foundation

/// The server data agent's own knowledge of label words: how a label is normalized, a table of
/// synonyms and translations (English, French, German, Spanish, Italian, Dutch) for Fashion-MNIST's
/// classes, and words that cover several classes at once and so cannot be mapped to one.
package enum LabelGlossary {
    /// Lower case, accents and case folded, every run of other characters one space, a plural's
    /// final "s" kept (``lookUp(_:)`` tries without it).
    package static func normalize(_ label: String) -> String {
        let folded = label.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        let words = folded.split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: " ")
    }

    /// The class a normalized word names, by the table (with and without a plural "s").
    package static func lookUp(_ word: String) -> String? {
        if let found = table[word] { return found }
        if word.hasSuffix("s"), let found = table[String(word.dropLast())] { return found }
        return nil
    }

    /// The classes a normalized word covers, when it covers several.
    package static func covers(_ word: String) -> [String]? {
        umbrella[word] ?? (word.hasSuffix("s") ? umbrella[String(word.dropLast())] : nil)
    }

    /// Every word the table knows, for close-spelling matches.
    package static var words: [String] { Array(table.keys) }

    /// Normalized word → class.
    static let table: [String: String] = {
        var table: [String: String] = [:]
        for (name, words) in synonyms {
            table[normalize(name)] = name
            for word in words { table[normalize(word)] = name }
        }
        return table
    }()

    private static let synonyms: [String: [String]] = [
        "T-shirt/top": [
            "t-shirt", "tshirt", "tee", "tee shirt", "t shirt top", "camiseta", "maglietta",
        ],
        "Trouser": ["trousers", "pants", "slacks", "jeans", "pantalon", "hose", "pantaloni", "broek", "chinos"],
        "Pullover": ["sweater", "jumper", "pull", "jersey", "suéter", "sueter", "maglione", "trui", "sweatshirt"],
        "Dress": ["frock", "gown", "robe", "kleid", "vestido", "vestito", "jurk", "sundress"],
        "Coat": [
            "overcoat", "manteau", "mantel", "abrigo", "cappotto", "jas", "parka", "trench coat", "raincoat",
            "anorak",
        ],
        "Sandal": ["flip-flop", "flip flops", "sandale", "sandalia", "sandalo", "sandaal", "thong sandal"],
        "Shirt": ["blouse", "button-down", "dress shirt", "chemise", "hemd", "camisa", "camicia", "overhemd"],
        "Sneaker": [
            "trainer", "running shoe", "skate shoe", "tennis shoe", "basket", "turnschuh", "zapatilla",
            "scarpa da ginnastica", "gympen", "sneakers",
        ],
        "Bag": ["handbag", "backpack", "purse", "tote", "sac", "tasche", "bolso", "borsa", "tas", "rucksack"],
        "Ankle boot": [
            "bootie", "ankle boots", "bottine", "stiefelette", "botín", "botin", "stivaletto", "enkellaars",
            "chelsea boot",
        ],
    ]

    /// Words that cover several classes.
    private static let umbrella: [String: [String]] = [
        "top": ["T-shirt/top", "Pullover", "Shirt"],
        "upper body": ["T-shirt/top", "Pullover", "Shirt", "Coat"],
        "footwear": ["Sandal", "Sneaker", "Ankle boot"],
        "shoe": ["Sandal", "Sneaker", "Ankle boot"],
        "chaussure": ["Sandal", "Sneaker", "Ankle boot"],
        "schuh": ["Sandal", "Sneaker", "Ankle boot"],
        "calzado": ["Sandal", "Sneaker", "Ankle boot"],
        "clothing": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Shirt"],
        "outerwear": ["Coat", "Pullover"],
    ]
}
