/// Why the method catalog could not be loaded, and what to do about it.
///
/// A struct around a private reason, so new reasons do not break callers; `description` says what
/// happened and how to fix it, and `file`/`line` say where in the code it was raised.
package struct CatalogError: Error, Sendable, CustomStringConvertible {
    private enum Reason: Sendable {
        case resourceMissing
        case unreadable(String)
        case malformed(String)
        case invalidCard(id: String, problem: String)
        case incomplete(String)
    }

    private let reason: Reason
    /// The source file that raised the error.
    package let file: String
    /// The source line that raised the error.
    package let line: Int

    private init(_ reason: Reason, file: String, line: Int) {
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// The bundled `methods.json` is not in the module's resources.
    static func resourceMissing(file: String = #fileID, line: Int = #line) -> CatalogError {
        CatalogError(.resourceMissing, file: file, line: line)
    }

    /// The catalog file exists but could not be read.
    static func unreadable(_ detail: String, file: String = #fileID, line: Int = #line) -> CatalogError {
        CatalogError(.unreadable(detail), file: file, line: line)
    }

    /// The catalog is not valid JSON or does not match the card schema.
    static func malformed(_ detail: String, file: String = #fileID, line: Int = #line) -> CatalogError {
        CatalogError(.malformed(detail), file: file, line: line)
    }

    /// A card decoded but breaks a catalog rule.
    static func invalidCard(_ id: String, _ problem: String, file: String = #fileID, line: Int = #line) -> CatalogError
    {
        CatalogError(.invalidCard(id: id, problem: problem), file: file, line: line)
    }

    /// The catalog lacks a card that a component needs.
    static func incomplete(_ detail: String, file: String = #fileID, line: Int = #line) -> CatalogError {
        CatalogError(.incomplete(detail), file: file, line: line)
    }

    package var description: String {
        switch reason {
        case .resourceMissing:
            "methods.json is missing from the Agents resources: check that Package.swift lists "
                + "`.copy(\"Catalog/methods.json\")` for the Agents target and rebuild."
        case .unreadable(let detail):
            "the method catalog could not be read (\(detail)); check the file exists and is readable."
        case .malformed(let detail):
            "the method catalog is not a valid JSON array of cards (\(detail)); fix methods.json "
                + "so each card has id, name, kind, challenges, idea, keywords, clientHooks, serverHooks, "
                + "hyperParameters and citation with the documented names."
        case .invalidCard(let id, let problem):
            "method card '\(id)' is invalid: \(problem). Fix this card in methods.json."
        case .incomplete(let detail):
            "the method catalog is incomplete: \(detail). Add the card to methods.json."
        }
    }
}
