import ArgumentParser
import Federation
import Foundation
import Topology

/// `fedactors export`: a topology in another framework's terms.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a topology as a project of another FL framework.",
        subcommands: [Flower.self])

    /// `fedactors export flower`.
    struct Flower: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a topology as a runnable Flower app (flwr 1.42, simulation).",
            discussion: """
                The folder gets pyproject.toml ([tool.flwr.app] components and the run config), a package with \
                server_app.py (Flower's FedAvg, FedProx or FedAvgM with the topology's options and client count \
                per round, the global model evaluated centrally on the test images), client_app.py and task.py \
                (the model in NumPy or, with the run config's model-impl = "torch", in PyTorch; the partition by \
                flwr-datasets), a README, and initial_model.npz: FedActors' initial model for the topology's \
                seed, which the app starts from, so both sides start from the same weights.

                Exported: dataset fashion-mnist; partitions flower_dirichlet (the same split) and iid (the same \
                kind, another draw); models logreg and 2nn; strategies fedavg, fedprox and fedavgm; plain SGD; \
                uniform sampling. A topology with anything else (compression, dropout, deadlines, corruptions, \
                federated evaluation, …) is refused, naming every field that does not export. Device speeds and \
                links are not carried over: they change FedActors' virtual time, not what is trained.
                """)

        @Argument(help: "The topology file.")
        var topology: String

        @Option(name: [.short, .customLong("output")], help: "The folder to write the app into (created if needed).")
        var output: String

        @Flag(help: "Write into a folder that already holds a pyproject.toml, replacing the app's files.")
        var force = false

        func run() throws {
            let spec: TopologySpec
            do {
                spec = try TopologyReader.load(path: topology)
            } catch let error as TopologyError {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
            let export: FlowerExport
            do {
                export = try FlowerExport(spec: spec, topologyPath: topology)
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw ExitCode(2)
            }
            let folder = URL(fileURLWithPath: output).standardizedFileURL
            if !force, FileManager.default.fileExists(atPath: folder.appendingPathComponent("pyproject.toml").path) {
                throw CommandFailure(
                    "\(output) already holds a pyproject.toml; pass --force to replace the app's files")
            }
            do {
                let initial = folder.appendingPathComponent("initial_model.npz")
                let weights = try ModelWeightsFile(
                    model: spec.model.name, dataset: spec.data.dataset, width: spec.model.width)
                try weights.write(try weights.seededParameters(seed: spec.seed), to: initial)
                for file in export.files(initialModel: initial.path) {
                    try OutputFile.write(
                        Data(file.text.utf8), to: folder.appendingPathComponent(file.path), what: file.path)
                }
            } catch {
                throw CommandFailure(error.message)
            }
            print("wrote a Flower app of \(spec.name) to \(folder.path) (package \(export.packageName))")
            print(
                """
                run it: cd \(folder.path) && pip install -e . && flwr run . --federation-config \
                \"num-supernodes=\(spec.clientCount)\" --stream (in a venv: the README says more)
                """
            )
        }
    }
}
