import RunMetrics

extension RunMetricsExporter {
    /// The endpoint `--metrics-bind` asks for, listening; nil without the option. A bind that cannot
    /// be used fails the command, saying why.
    static func serving(_ bind: String?) throws -> RunMetricsExporter? {
        guard let bind else { return nil }
        do {
            return try RunMetricsExporter(bind: bind)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
