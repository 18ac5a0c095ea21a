import Federation
import Testing

@testable import Agents

/// The server data agent's offline reading of labels: normalization, the glossary in several
/// languages, words covering several classes, close spellings (unsure) and excluded classes.
@Suite struct LabelResolverTests {
    let resolver = LabelResolver(classes: ["T-shirt/top", "Trouser", "Pullover", "Coat", "Sneaker", "Ankle boot"])

    @Test(arguments: [
        ("T-SHIRT/TOP", "T-shirt/top", LabelResolution.Method.exact), ("ankle_boot", "Ankle boot", .exact),
        ("Trousers", "Trouser", .exact), ("pantalón", "Trouser", .glossary), ("Stiefelette", "Ankle boot", .glossary),
        ("jumper", "Pullover", .glossary), ("running shoe", "Sneaker", .glossary), ("Manteau", "Coat", .glossary),
    ])
    func knownWordsAreReadSurely(label: String, target: String, method: LabelResolution.Method) {
        let r = resolver.resolve(label)

        #expect(r.target == target && r.method == method && r.sure)
    }

    @Test func closeSpellingsAreProposedButUnsure() {
        let r = resolver.resolve("Sneakr")

        #expect(r.target == "Sneaker" && r.method == .closeSpelling && !r.sure)
    }

    @Test func wordsCoveringSeveralClassesAreDroppedSurely() {
        let r = resolver.resolve("Footwear")

        #expect(r.target == nil && r.method == .umbrella && r.sure && r.reason.contains("Sandal, Sneaker"))
    }

    @Test func classesTheTaskExcludesAreDroppedSayingSo() {
        let r = resolver.resolve("handbag")

        #expect(r.target == nil && r.method == .excluded && r.reason.contains("Bag: a class the task excludes"))
    }

    @Test func unknownWordsAreUnsureWithoutProposal() {
        let r = resolver.resolve("walking")

        #expect(r.target == nil && r.method == .unknown && !r.sure)
    }

    @Test func editDistanceCountsSwapsAsOneEdit() {
        #expect(
            editDistance("caot", "coat") == 1 && editDistance("kitten", "sitting") == 3 && editDistance("", "ab") == 2)
    }
}
