/// Checks the port of a `tcp://<address>:<port>` endpoint: 1–65535, or 0 (or ZeroMQ's `*`) for "any
/// free port" where the endpoint is bound, never where it is dialled (nothing listens on port 0).
enum EndpointPort {
    /// What is wrong with `endpoint`'s port, or nil (also for endpoints that are not tcp://).
    static func problem(in endpoint: String, bind: Bool) -> String? {
        guard endpoint.hasPrefix("tcp://") else { return nil }
        let rest = endpoint.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":"), !rest[..<colon].isEmpty, !rest[..<colon].hasSuffix("[") else {
            return "expected tcp://<address>:<port>, found '\(endpoint)' (no port)"
        }
        let port = rest[rest.index(after: colon)...]
        if bind, port == "*" || port == "0" { return nil }
        guard let number = Int(port), (1...65535).contains(number) else {
            let any = bind ? " (or 0 for any free port)" : ""
            return "expected a port in 1...65535\(any) in '\(endpoint)', found '\(port)'"
        }
        return nil
    }

    /// Problems of the tcp:// endpoints in a host's command (also inside a one-word remote command):
    /// the value of `--bind` is bound, every other one (`--advertise`, …) is dialled.
    static func problems(inCommand words: [String]) -> [String] {
        let words = words.flatMap { $0.split(separator: " ").map(String.init) }
        var found: [String] = []
        for (i, word) in words.enumerated() {
            let (flag, value): (String?, String) =
                word.hasPrefix("--") && word.contains("=")
                ? (String(word.prefix { $0 != "=" }), String(word.drop { $0 != "=" }.dropFirst()))
                : (i > 0 ? words[i - 1] : nil, word)
            let unquoted = value.trimmingQuotes
            guard unquoted.hasPrefix("tcp://") else { continue }
            if let problem = problem(in: unquoted, bind: flag == "--bind") { found.append(problem) }
        }
        return found
    }
}

extension String {
    /// Without the quotes a shell command in one word may put around a value.
    fileprivate var trimmingQuotes: String {
        var s = Substring(self)
        while let first = s.first, first == "\"" || first == "'" { s = s.dropFirst() }
        while let last = s.last, last == "\"" || last == "'" { s = s.dropLast() }
        return String(s)
    }
}
