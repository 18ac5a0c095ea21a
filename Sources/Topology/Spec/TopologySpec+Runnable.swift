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
        if StrategyCatalog.submodelWidths(name: strategy.name, options: strategy.options) != nil, model.name != "cnn" || model.width != 1 {
            problems.append("strategy: heterofl cuts width-scaled submodels, which only the cnn has, from the full-width model; this topology has \(model.name) at width \(model.width): use model {name: cnn, width: 1} or another strategy")
        }
        if !LearningTrainerFactory.models.contains(model.name) {
            problems.append("model: '\(model.name)' is not available in this build; available: \(LearningTrainerFactory.models.joined(separator: ", "))")
        }
        return problems
    }
}
