import Foundation
import Learning

/// The global model's weights as a NumPy `.npz` keyed like the PyTorch module's `state_dict`
/// (`dense0.weight` [out, in], `dense0.bias`, …): what `run --save-model` writes and
/// `--initial-model` reads, and what a Flower app exported by `fedactors export flower` loads and
/// saves. A model trained here loads in PyTorch (`module.load_state_dict`) and back.
package struct ModelWeightsFile {
    /// The zoo model's name.
    package let model: String
    private let network: SequentialNetwork
    private let sampleShape: [Int], classes: Int, width: Double

    /// The layout of `model` on `dataset` at `width` (no weights drawn, the dataset not loaded);
    /// refused when the model has a layer without a PyTorch mapping (only dense-layer models have one).
    package init(model: String, dataset: String, width: Double) throws(FederationError) {
        guard let facts = DatasetFacts.of(dataset) else { throw LearningTrainerFactory.unknownDataset(dataset) }
        do throws(LearningError) {
            let made = try ModelZoo.make(
                model, sampleShape: facts.sampleShape, classes: facts.classes, width: width, seed: nil)
            guard let network = made as? SequentialNetwork else {
                throw LearningError(.invalidSetting, "model '\(model)' is not a layer chain")
            }
            _ = try network.torchGroups(model: model)
            self.network = network
            (sampleShape, classes) = (facts.sampleShape, facts.classes)
        } catch {
            throw FederationError(.invalidSetting, error.message)
        }
        self.model = model
        self.width = width
    }

    /// The model's initial parameters drawn from `seed`: the global model a run with that seed
    /// starts from (without `--initial-model`).
    package func seededParameters(seed: UInt64) throws(FederationError) -> [Float] {
        do throws(LearningError) {
            return try ModelZoo.make(model, sampleShape: sampleShape, classes: classes, width: width, seed: seed)
                .parameters
        } catch {
            throw FederationError(.invalidSetting, error.message)
        }
    }

    /// Parameters the model has.
    package var parameterCount: Int { network.parameterCount }

    /// The flat parameters in the file at `url`, checked against the model (keys, shapes, dtype,
    /// finite values); a refusal names the file and the key.
    package func read(_ url: URL) throws(FederationError) -> [Float] {
        do throws(LearningError) {
            return try network.parameters(fromStateDict: try NPZFile.read(url), model: model, source: url.path)
        } catch {
            throw FederationError(.invalidSetting, error.message)
        }
    }

    /// Writes `parameters` (the model's flat vector) to `url` as an .npz.
    package func write(_ parameters: [Float], to url: URL) throws(FederationError) {
        let bytes: [UInt8]
        do throws(LearningError) {
            bytes = try NPZFile.bytes(try network.stateDict(of: parameters, model: model), source: url.path)
        } catch {
            throw FederationError(.invalidSetting, error.message)
        }
        try OutputFile.write(Data(bytes), to: url, what: "the model")
    }
}
