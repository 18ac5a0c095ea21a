import Federation
import Topology

extension DataStagesOutcome {
    /// Which clients train after the stages: the selected ones with samples left once cleaned and
    /// relabelled; every other client is left out with why.
    package var preparedClients: PreparedClients {
        var training: [Int] = []
        var leftOut: [Int: String] = [:]
        for decision in selection {
            guard decision.selected else {
                leftOut[decision.clientID] = "refused at selection: \(decision.reason)"
                continue
            }
            let relabelled = relabelling[decision.clientID]
            let (dropped, unmapped) = (relabelled?.dropped ?? 0, relabelled?.unmapped ?? 0)
            if (relabelled?.perClass.values.reduce(0, +) ?? 0) > 0 {
                training.append(decision.clientID)
            } else {
                leftOut[decision.clientID] =
                    """
                    no sample left: cleaning kept \(cleaning[decision.clientID]?.after ?? 0), harmonization dropped \
                    \(dropped) (labels with no task class) and \(unmapped) (labels not mapped)
                    """
            }
        }
        let mappings = harmonization?.mappings.filter { training.contains($0.key) } ?? [:]
        return PreparedClients(
            training: training.sorted(), leftOut: leftOut, rules: rules, mappings: mappings,
            labelCounts: relabelling.filter { training.contains($0.key) }.mapValues(\.perClass))
    }
}
