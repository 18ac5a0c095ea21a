import Foundation

/// Okapi BM25 over a fixed list of documents.
///
/// For a query Q and document D:
///
///     score(D, Q) = Σ over distinct terms t of Q:
///                   idf(t) · tf(t, D) · (k1 + 1) / (tf(t, D) + k1 · (1 − b + b · |D| / avgdl))
///     idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
///
/// where tf is the count of t in D, |D| the number of terms of D, avgdl the mean over documents,
/// N the number of documents and n(t) how many contain t. This idf (the Lucene form) is always
/// positive, so a term found in most documents still counts a little instead of subtracting.
/// A query term repeated in the query counts once.
package struct BM25Index: Sendable {
    /// Term-frequency saturation; 1.2 is the usual default.
    package let k1: Double
    /// Length normalization, 0 (none) to 1 (full); 0.75 is the usual default.
    package let b: Double
    package let tokenizer: Tokenizer
    private let termCounts: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]
    private let averageLength: Double

    /// Indexes `documents`; document i keeps index i in results.
    package init(documents: [String], tokenizer: Tokenizer = Tokenizer(), k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
        self.tokenizer = tokenizer
        var counts: [[String: Int]] = []
        var lengths: [Int] = []
        var df: [String: Int] = [:]
        for document in documents {
            let terms = tokenizer.terms(document)
            var tf: [String: Int] = [:]
            for term in terms { tf[term, default: 0] += 1 }
            for term in tf.keys { df[term, default: 0] += 1 }
            counts.append(tf)
            lengths.append(terms.count)
        }
        termCounts = counts
        self.lengths = lengths
        documentFrequency = df
        let total = lengths.reduce(0, +)
        averageLength = documents.isEmpty ? 0 : Double(total) / Double(documents.count)
    }

    /// The number of indexed documents.
    package var count: Int { lengths.count }

    /// The idf of an already tokenized term, by the formula above. A term no document contains
    /// gets the largest idf but never contributes, since its tf is 0 everywhere.
    package func idf(term: String) -> Double {
        let n = Double(documentFrequency[term] ?? 0)
        return log(1 + (Double(count) - n + 0.5) / (n + 0.5))
    }

    /// The BM25 score of document `index` for `query` (0 when the index is out of range).
    package func score(_ query: String, document index: Int) -> Double {
        guard lengths.indices.contains(index) else { return 0 }
        return score(terms: Set(tokenizer.terms(query)), document: index)
    }

    /// Every document with a positive score, best first; ties keep document order.
    package func rank(_ query: String) -> [Hit] {
        let terms = Set(tokenizer.terms(query))
        let hits = lengths.indices.compactMap { i -> Hit? in
            let s = score(terms: terms, document: i)
            return s > 0 ? Hit(document: i, score: s) : nil
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
    }

    private func score(terms: Set<String>, document i: Int) -> Double {
        guard averageLength > 0 else { return 0 }
        let norm = k1 * (1 - b + b * Double(lengths[i]) / averageLength)
        var total = 0.0
        for term in terms {
            guard let tf = termCounts[i][term] else { continue }
            let f = Double(tf)
            total += idf(term: term) * f * (k1 + 1) / (f + norm)
        }
        return total
    }

    /// One ranked document.
    package struct Hit: Sendable, Equatable {
        /// The document's position in the indexed list.
        package var document: Int
        package var score: Double
    }
}
