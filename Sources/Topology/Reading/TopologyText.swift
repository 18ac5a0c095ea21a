import Federation
import Foundation
import Yams

/// Turning a topology file's bytes into text, and a YAML library error into one short, located issue.
enum TopologyText {
    /// The file's text; an unreadable or non-UTF-8 file is one issue saying which.
    static func read(path: String) throws(TopologyError) -> String {
        func fail(_ message: String) -> TopologyError {
            TopologyError(issues: [TopologyIssue(file: path, line: 1, column: 1, field: "", message: message)])
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw fail("cannot read the file: it is a folder; give the path of a topology file")
            }
            throw fail("cannot read the file: \(OutputFile.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = invalidUTF8Offset(data) ?? 0
            let (line, column) = location(ofByte: offset, in: data)
            throw TopologyError(issues: [
                TopologyIssue(
                    file: path, line: line, column: column, field: "",
                    message: "the file is not UTF-8 text (invalid byte at offset \(offset)): save it as UTF-8")
            ])
        }
        return text
    }

    /// The offset of the first byte that does not start a valid UTF-8 character, if any.
    static func invalidUTF8Offset(_ data: Data) -> Int? {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            // Overlong forms, surrogates and code points past U+10FFFF.
            if length == 3, (b == 0xE0 && bytes[i + 1] < 0xA0) || (b == 0xED && bytes[i + 1] > 0x9F) { return i }
            if length == 4, (b == 0xF0 && bytes[i + 1] < 0x90) || (b == 0xF4 && bytes[i + 1] > 0x8F) { return i }
            i += length
        }
        return nil
    }

    /// 1-based line and column (in bytes) of byte `offset`.
    static func location(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = offset - (before.lastIndex(of: 0x0A).map { $0 - data.startIndex + 1 } ?? 0) + 1
        return (line, column)
    }

    /// The issue for a YAML library error, located, its message cut short (the library's own text of
    /// some errors holds the whole file).
    static func issue(_ error: YamlError, text: String, file: String) -> TopologyIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return TopologyIssue(
                file: file, line: mark.line, column: mark.column, field: "", message: "YAML syntax: \(short(problem))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let (line, column) =
                duplicate(of: key, firstAt: context.mark, in: text) ?? (context.mark.line, context.mark.column)
            return TopologyIssue(
                file: file, line: line, column: column, field: "",
                message: "duplicate key '\(short(key))': each key may appear once in a mapping; remove one")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { location(ofByte: $0, in: Data(text.utf8)) } ?? (1, 1)
            return TopologyIssue(file: file, line: line, column: column, field: "", message: "YAML: \(short(problem))")
        default:
            return TopologyIssue(
                file: file, line: 1, column: 1, field: "", message: "YAML: \(short(String(describing: error)))")
        }
    }

    /// At most one line of 200 characters.
    static func short(_ message: String) -> String {
        let line = message.prefix { $0 != "\n" }
        return line.count > 200 ? line.prefix(200) + "…" : String(line)
    }

    /// Where the second `key` of the mapping whose first `key` is at `first` is: the next line that
    /// has the key at the same column (a block mapping), before the mapping ends (a line indented
    /// less); else the next `key:` on the same line (a flow mapping). Nil if neither is found.
    static func duplicate(of key: String, firstAt first: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count, first.column >= 1 else { return nil }
        let keyForms = [key, "\"\(key)\"", "'\(key)'"]
        func isKey(_ rest: Substring) -> Bool {
            keyForms.contains { form in
                rest.hasPrefix(form) && rest.dropFirst(form.count).drop { $0 == " " }.first == ":"
            }
        }
        // A flow mapping: the same line, after the first key.
        let firstLine = Array(lines[first.line - 1])
        var i = first.column - 1 + key.count
        while i < firstLine.count {
            if firstLine[i] == "," || firstLine[i] == "{" {
                let rest = Substring(String(firstLine[(i + 1)...])).drop { $0 == " " }
                if isKey(rest) { return (first.line, firstLine.count - rest.count + 1) }
            }
            i += 1
        }
        // A block mapping: later lines, the key at the same column after only spaces.
        for n in first.line..<lines.count {
            let line = lines[n]
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.hasPrefix("#") { continue }
            if indent < first.column - 1 { return nil }
            if indent == first.column - 1, isKey(content) { return (n + 1, first.column) }
        }
        return nil
    }
}
