import ArgumentParser

/// A command that parsed its arguments but could not do its work (a file that exists or cannot be
/// read, a topology with nothing to launch). Printed as `Error: <message>` alone, exit code 1:
/// unlike ``ValidationError``, which the argument parser follows with the usage line, since the
/// arguments were fine and the usage would not help. Keep `ValidationError` for argument mistakes
/// (a flag out of range, flags that need each other), mostly thrown from `validate()`.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
