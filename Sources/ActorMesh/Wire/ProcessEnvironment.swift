import Foundation

/// Reads environment variables (kept in one place so tests and docs can find every variable we read).
enum ProcessEnvironment {
    static func value(of name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
