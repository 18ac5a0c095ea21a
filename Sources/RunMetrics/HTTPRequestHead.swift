#if canImport(Glibc)
    import Glibc
#endif

/// The first line of an HTTP request (method and path), read from a socket up to the blank line that
/// ends the headers; a body, if any, is not read.
struct HTTPRequestHead: Equatable {
    var method: String
    var path: String

    /// Reads from `fd` until the headers end, at most `limit` bytes; nil when the peer stops, times out
    /// or sends more, or when the request line is malformed.
    static func read(from fd: Int32, limit: Int) -> HTTPRequestHead? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while data.count < limit {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, limit - data.count), 0) }
            guard n > 0 else { return nil }
            data += chunk[0..<n]
            if ended(data) { return parse(data) }
        }
        return nil
    }

    /// Whether `data` holds the end of the headers (`\r\n\r\n`, or `\n\n`).
    static func ended(_ data: [UInt8]) -> Bool {
        let text = String(decoding: data, as: UTF8.self)
        return text.contains("\r\n\r\n") || text.contains("\n\n")
    }

    /// The request line of `data`; nil when it is not `METHOD PATH HTTP/1.x`.
    static func parse(_ data: [UInt8]) -> HTTPRequestHead? {
        let text = String(decoding: data, as: UTF8.self)
        // (`\r\n` is one Character in Swift: split on newlines, not on `\r`.)
        let line = text.prefix { !$0.isNewline }
        let words = line.split(separator: " ")
        guard words.count == 3, words[2].hasPrefix("HTTP/1.") else { return nil }
        // A query string does not change what is served.
        let path =
            words[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return HTTPRequestHead(method: String(words[0]), path: path)
    }
}
