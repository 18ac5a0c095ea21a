/// Suggests the valid name closest to a misspelt one (Levenshtein distance, case-insensitive).
enum NearestName {
    /// The closest of `candidates` to `name`, if it is close enough to be a likely typo.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let lowered = name.lowercased()
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }.min {
            $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0
        }
        guard let (best, d) = scored else { return nil }
        return d <= max(2, best.count / 3) ? best : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
