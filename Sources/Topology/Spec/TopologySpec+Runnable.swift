import Federation

extension TopologySpec {
    /// What this build cannot run of an otherwise valid topology: a strategy whose options it refuses
    /// (unknown option, value out of range) or a name the format knows that this build does not
    /// implement. Each line says what and what to do; empty when everything can run.
    public func unrunnableParts() -> [String] {
        var problems: [String] = []
        do {
            _ = try StrategyCatalog.make(name: strategy.name, options: strategy.options)
        } catch {
            problems.append("strategy: \(error.message)")
        }
        if !LearningTrainerFactory.models.contains(model.name) {
            problems.append("model: '\(model.name)' is not available in this build; available: \(LearningTrainerFactory.models.joined(separator: ", "))")
        }
        return problems
    }
}
