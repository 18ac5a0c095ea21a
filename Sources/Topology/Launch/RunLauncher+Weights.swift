import Federation
import Foundation

/// The `.npz` files of a run's global model: where it starts from and where it ends up.
package struct ModelWeightFiles: Sendable, Equatable {
    /// Start from these weights instead of the seed's draw (nil: the seed's).
    package var initial: URL?
    /// Write the final global model here when the run completes (nil: nowhere).
    package var save: URL?

    package init(initial: URL? = nil, save: URL? = nil) {
        self.initial = initial
        self.save = save
    }
}

extension RunLauncher {
    /// The layout of the run's global model in `.npz` files; refused for models without a PyTorch mapping.
    func modelWeightsFile() throws(FederationError) -> ModelWeightsFile {
        let spec = plan.spec
        return try ModelWeightsFile(model: spec.model.name, dataset: spec.data.dataset, width: spec.model.width)
    }

    /// The initial model of `weights` (nil: none), read and checked before any node starts; a run
    /// that will save its model has its model's layout checked now, not after its last round.
    func readInitialModel(_ weights: ModelWeightFiles) throws(FederationError) -> [Float]? {
        guard weights.initial != nil || weights.save != nil else { return nil }
        let file = try modelWeightsFile()
        return try weights.initial.map { url throws(FederationError) in try file.read(url) }
    }

    /// `loaded`, when it has as many parameters as the seed's model (`seeded`), which it replaces.
    static func checked(_ loaded: [Float], against seeded: [Float]) throws(FederationError) -> [Float] {
        guard loaded.count == seeded.count else {
            throw FederationError(
                .invalidSetting,
                "the initial model has \(loaded.count) parameters; this run's model has \(seeded.count)")
        }
        return loaded
    }
}
