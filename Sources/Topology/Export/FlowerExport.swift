import Federation
import Foundation

/// A topology as a Flower app (`fedactors export flower`): pyproject.toml with Flower's app
/// components and the run config, a ServerApp with the matching Flower strategy, a ClientApp
/// training the model in NumPy or PyTorch on flwr-datasets' partition of the same data, and the
/// FedActors initial model as `.npz` so both start from the same weights.
///
/// Only topologies whose every setting has a Flower counterpart export; the others are refused,
/// naming each field (``FlowerExportRefusal``). Device speeds, links and timing are not carried
/// over: they change FedActors' virtual time, not what is trained, and Flower's simulation does
/// not model them.
package struct FlowerExport {
    package let spec: TopologySpec
    /// The topology file, named in the files' comments.
    package let topologyPath: String

    /// - Throws: ``FlowerExportRefusal`` listing every field that does not export.
    package init(spec: TopologySpec, topologyPath: String) throws(FlowerExportRefusal) {
        let problems = Self.problems(spec)
        guard problems.isEmpty else { throw FlowerExportRefusal(problems: problems) }
        self.spec = spec
        self.topologyPath = topologyPath
    }

    /// The Python package's name: `fedactors_` and the topology's name in lower case, other
    /// characters as `_` (a name no library uses).
    package var packageName: String {
        "fedactors_"
            + String(spec.name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// The app's text files by path inside the app folder; `initialModel` is the absolute path of
    /// the initial model's `.npz` (written beside them, but outside the package: Flower's app
    /// bundles carry only source and config files).
    package func files(initialModel: String) -> [(path: String, text: String)] {
        let slots = slots(initialModel: initialModel)
        func fill(_ template: String) -> String {
            slots.reduce(template) { $0.replacingOccurrences(of: "@@\($1.key)@@", with: $1.value) }
        }
        return [
            ("pyproject.toml", fill(FlowerTemplate.pyproject)),
            ("README.md", fill(FlowerTemplate.readme)),
            ("\(packageName)/__init__.py", "\"\"\"\(spec.name), exported from FedActors.\"\"\"\n"),
            ("\(packageName)/task.py", fill(FlowerTemplate.task)),
            ("\(packageName)/server_app.py", fill(FlowerTemplate.serverApp)),
            ("\(packageName)/client_app.py", fill(FlowerTemplate.clientApp)),
        ]
    }

    /// The layer sizes of the model: input floats, hidden units, classes.
    var sizes: [Int] {
        let facts = DatasetFacts.of(spec.data.dataset)
        let inputs = facts?.sampleShape.reduce(1, *) ?? 784
        let classes = facts?.classes ?? 10
        return spec.model.name == "2nn" ? [inputs, 200, 200, classes] : [inputs, classes]
    }

    private func slots(initialModel: String) -> [String: String] {
        let name = spec.name
        return [
            "NAME": name, "TOPOLOGY": (topologyPath as NSString).lastPathComponent, "PACKAGE": packageName,
            "PROJECT": packageName.replacingOccurrences(of: "_", with: "-"),
            "SIZES": "[" + sizes.map(String.init).joined(separator: ", ") + "]",
            "RUN_CONFIG": runConfig(initialModel: initialModel).map { "\($0.key) = \($0.value)" }.joined(
                separator: "\n"),
            "STRATEGY_CLASS": Self.strategies[spec.strategy.name] ?? "FedAvg", "STRATEGY": strategyCall,
            "PARTITIONER": partitioner, "PARTITION_NOTE": partitionNote, "MODEL_NOTE": modelNote,
            "CLIENTS": String(spec.clientCount), "SUMMARY": summary, "DIFFERENCES": differences,
        ]
    }
}
