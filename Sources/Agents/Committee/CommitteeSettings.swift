import Foundation
import Federation

/// How `auto --committee` convenes its committee once the team's spec passed its trial.
package struct CommitteeSettings: Sendable {
    /// How many of the merged proposals are assembled and tried (`--top-k`).
    package var topK: Int
    /// How many trials run at once: one per core, at most `topK` (each trial trains its own model).
    package var parallelTrials: Int
    /// The strategies a reviewer may propose (those this build runs).
    package var options: [String]
    package var assembly: CommitteeAssembly

    /// Settings for `topK` trials over `catalog`'s cards, throwing for a top-k below 1.
    package init(
        topK: Int = 3, catalog: MethodCatalog, options: [String] = StrategyCatalog.available,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(CommitteeError) {
        guard topK >= 1 else { throw .noTopK(topK) }
        self.topK = topK
        self.parallelTrials = max(1, min(topK, cores))
        self.options = options
        self.assembly = CommitteeAssembly(catalog: catalog)
    }

    /// The length of each reviewer's ballot: at least 3 places, and enough for top-k distinct
    /// proposals from one reviewer alone.
    package var depth: Int { max(3, topK) }
}
