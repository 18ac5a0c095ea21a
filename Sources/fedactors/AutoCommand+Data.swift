import Agents
import ArgumentParser
import Federation
import Foundation
import Topology

/// `auto --data FILE`: the topology whose messy clients the full run trains, after their data stages.
struct DataTopology {
    let path: String
    let text: String
    let spec: TopologySpec
}

extension AutoCommand {
    /// `--data`'s topology, read and checked (located issues and exit code 2 when it is broken; refused
    /// without a `messy:` section), or nil without `--data`.
    func dataTopology() throws -> DataTopology? {
        guard let data else { return nil }
        let spec: TopologySpec
        do {
            spec = try TopologyReader.load(path: data)
        } catch let error as TopologyError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        guard spec.messy != nil else {
            throw CommandFailure("--data \(data): the topology has no messy: section, so there is no data to prepare")
        }
        print(
            """
            data: \(spec.clientCount) clients of \(data); the trial and the full run train on them: before round 1 \
            their data agents describe, select, clean and harmonize their data on the clients' nodes
            """
        )
        return DataTopology(path: data, text: try String(contentsOfFile: data, encoding: .utf8), spec: spec)
    }

    /// The topology text the full run runs: the spec's, with `data`'s clients, hosts and messy data.
    func topologyText(_ spec: FederationSpec, data: DataTopology?) throws -> String {
        guard let data else { return spec.topologyYAML() }
        do { return try spec.topologyYAML(carryingDataOf: data.text, from: data.path) } catch {
            throw CommandFailure("the topology with --data \(data.path)'s clients cannot be written: \(error)")
        }
    }

    /// The data every trial trains on: `data`'s clients after their stages, with the gate's `--yes`
    /// and the harmonizer's backend (nil without `--data`).
    func trialData(_ data: DataTopology?) -> TrialData? {
        data.map {
            TrialData(
                path: $0.path, text: $0.text, acceptsLabelProposals: agents.yes,
                harmonizerAsksLLM: agents.backend.kind(for: .harmonizer) == .llm)
        }
    }

    /// What the full run's data stages take from auto's options: `--yes` for the harmonizer's gate and
    /// the harmonizer's backend.
    func dataStageArguments(_ data: DataTopology?) -> [String] {
        guard data != nil else { return [] }
        return (agents.yes ? ["--yes"] : [])
            + (agents.backend.kind(for: .harmonizer) == .llm ? ["--backend", "harmonizer=llm"] : [])
    }

    /// After the full run: the data stages it recorded in `report` are appended to the transcript at
    /// `transcriptURL`, written to data-stages.json beside it and their outcome printed.
    func recordDataStages(report: URL, transcript: [TranscriptEntry], transcriptURL: URL) throws {
        guard FileManager.default.fileExists(atPath: report.path),
            let stages = try RunReport.load(from: Data(contentsOf: report)).dataStages
        else { return }
        let entries = stages.transcript.map(TranscriptEntry.init)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(transcript + entries).write(to: transcriptURL)
        try encoder.encode(stages).write(
            to: transcriptURL.deletingLastPathComponent().appendingPathComponent("data-stages.json"))
        print("data stages of the full run (in transcript.json and data-stages.json): \(stages.summary)")
    }
}
