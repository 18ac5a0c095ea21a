import Agents
import Testing

/// Okapi BM25 against hand-computed values.
///
/// Corpus (after tokenizing: "apple" stems to "appl"):
///   d0 = "apple banana"        → [appl, banana]          |d0| = 2
///   d1 = "apple apple cherry"  → [appl, appl, cherry]    |d1| = 3
///   d2 = "cherry date"         → [cherry, date]          |d2| = 2
/// N = 3, avgdl = 7/3, k1 = 1.2, b = 0.75.
/// idf(appl)   = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6        = 0.470004
/// idf(banana) = ln(1 + (3 − 1 + 0.5)/(1 + 0.5)) = ln 2.666667   = 0.980829
/// idf(cherry) = idf(appl) = 0.470004 (also in two documents)
/// Length norms K = k1·(1 − b + b·|d|/avgdl):
///   |d| = 2: 1.2·(0.25 + 0.75·6/7) = 1.071429;  |d| = 3: 1.2·(0.25 + 0.75·9/7) = 1.457143
/// Query "apple":
///   d0: 0.470004 · 1·2.2/(1 + 1.071429) = 0.499176
///   d1: 0.470004 · 2·2.2/(2 + 1.457143) = 0.598186
///   d2: 0 (no "appl")                    → ranking d1, d0
/// Query "cherry banana":
///   d0: 0.980829 · 2.2/2.071429 = 1.041708
///   d1: 0.470004 · 2.2/2.457143 = 0.420817
///   d2: 0.470004 · 2.2/2.071429 = 0.499176 → ranking d0, d2, d1
struct BM25Tests {
    let index = BM25Index(documents: ["apple banana", "apple apple cherry", "cherry date"])

    @Test func idfFollowsTheLuceneForm() {
        #expect(abs(index.idf(term: "appl") - 0.470004) < 1e-5)
        #expect(abs(index.idf(term: "banana") - 0.980829) < 1e-5)
    }

    @Test func singleTermScoresAndOrder() {
        let hits = index.rank("apple")

        #expect(hits.map(\.document) == [1, 0])
        #expect(abs(hits[0].score - 0.598186) < 1e-5)
        #expect(abs(hits[1].score - 0.499176) < 1e-5)
    }

    @Test func twoTermScoresAndOrder() {
        let hits = index.rank("cherry banana")

        #expect(hits.map(\.document) == [0, 2, 1])
        #expect(abs(hits[0].score - 1.041708) < 1e-5)
        #expect(abs(hits[1].score - 0.499176) < 1e-5)
        #expect(abs(hits[2].score - 0.420817) < 1e-5)
    }

    @Test func repeatedQueryTermsCountOnceAndUnknownTermsScoreZero() {
        #expect(abs(index.score("apple apple", document: 1) - index.score("apple", document: 1)) < 1e-12)
        #expect(index.rank("zebra").isEmpty)
        #expect(index.score("apple", document: 7) == 0)
        #expect(BM25Index(documents: []).rank("apple").isEmpty)
    }

    @Test func tokenizerLowercasesSplitsDropsStopWordsAndStems() {
        let t = Tokenizer()

        #expect(t.terms("The Long-Tail, IMBALANCED devices!") == ["long", "tail", "imbalanc", "devic"])
        #expect(t.stem("imbalance") == t.stem("imbalanced"))
        #expect(t.stem("labeling") == t.stem("labels"))
        #expect(t.stem("dropped") == "drop")
        #expect(t.stem("categories") == "category")
        #expect(t.stem("class") == "class")
        #expect(t.terms("ResNet-8 at 30%") == ["resnet", "8", "30"])
    }

    @Test func retrieverFindsTheObviousCard() throws {
        let retriever = MethodRetriever(catalog: try MethodCatalog.bundled())

        #expect(retriever.search("byzantine malicious clients attack", limit: 1).first?.card.id == "krum")
        #expect(
            retriever.search("keep batch normalization local for feature shift", limit: 1).first?.card.id == "fedbn")
        #expect(retriever.search("asynchronous buffered aggregation", limit: 1).first?.card.id == "fedbuff")
        #expect(retriever.search("catastrophic forgetting", limit: 3).contains { $0.card.id == "replay" })
        #expect(retriever.search("Fisher information weight importance", limit: 1).first?.card.id == "ewc")
        #expect(retriever.search("anything", limit: 0).isEmpty)
    }
}
