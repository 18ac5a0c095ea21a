import Foundation
import ZeroMQ

/// The key files `fedactors keys generate` writes: one Z85 key per line; blank lines and lines
/// starting with `#` are skipped (so an allow-list can carry comments).
public enum CurveKeyFile {
    /// Every key in the file at `path`.
    public static func keys(at path: String) throws(CurveKeyError) -> Set<String> { Set(try lines(at: path)) }

    /// The first key in the file at `path`.
    public static func key(at path: String) throws(CurveKeyError) -> String {
        guard let key = try lines(at: path).first else {
            throw CurveKeyError("\(path) holds no key: give a file written by `fedactors keys generate`")
        }
        return key
    }

    static func lines(at path: String) throws(CurveKeyError) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CurveKeyError("\(path) cannot be read: check the path and permissions")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
    }

    /// The shared-mesh security of the secret key in the file at `path`, checked.
    public static func sharedMesh(at path: String) throws(CurveKeyError) -> ZeroMQSecurity {
        try ZeroMQSecurity.sharedMesh(secretKey: try key(at: path))
    }
}
