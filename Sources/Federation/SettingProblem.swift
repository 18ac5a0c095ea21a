/// Something a run's settings ask for that the run would refuse, or could do nothing useful with,
/// found before any node starts from the settings together (a model and its dataset, a strategy and
/// the clients per round), at the field to change. Strategies report theirs
/// (``RegisteredStrategy/problems(in:)``); the Topology module's reader locates each in the file
/// (there it is called `TopologyProblem`).
package struct SettingProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted path of the field to change, e.g. `participation.min_fit`.
    package var field: String
    /// What is wrong and what to do.
    package var message: String
    /// Where to point when the file does not write `field` (it takes its default), first match wins;
    /// after these, the nearest enclosing field.
    package var near: [String]

    package init(_ field: String, _ message: String, near: [String] = []) {
        self.field = field
        self.message = message
        self.near = near
    }

    package var description: String { "\(field): \(message)" }
}
