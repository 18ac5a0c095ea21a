import Federation
import Topology

extension FederationSpec {
    /// The spec fitted to the clients of `data` (a topology with a `messy:` section, `auto --data`'s):
    /// as many clients (and the name's client count, `-6c`, theirs), `min_fit` at most that many (the
    /// run lowers it further to the clients the data stages keep), and the samples per client the
    /// budget's sizing starts from at most the messy clients' (a cut below them is written as the
    /// topology's `data.samples_per_client`: ``topologyYAML(carryingDataOf:from:)``).
    /// The messy clients hold Fashion-MNIST images: a plan for other data is refused.
    package func fitted(toDataOf data: TopologySpec) throws(FederationError) -> FederationSpec {
        guard let messy = data.messy else {
            throw FederationError(
                .invalidSetting,
                "the --data topology \(data.name) has no messy: section: there is no client data to prepare")
        }
        guard task.dataset == data.data.dataset else {
            throw FederationError(
                .invalidSetting,
                """
                the plan trains on \(task.dataset), but the --data topology's clients hold \(data.data.dataset) \
                images: ask for \(data.data.dataset) in the request
                """
            )
        }
        var fitted = self
        fitted.name = Self.name(name, clients: server.clients, as: data.clientCount)
        fitted.server.clients = data.clientCount
        fitted.server.minFit = min(server.minFit, data.clientCount)
        // What the budget's sizing starts from: each messy client holds this many samples at most.
        fitted.server.samplesPerClient = min(server.samplesPerClient ?? .max, messy.samplesPerClient)
        return fitted
    }

    /// `name` with its client-count part (`auto-2nn-fedavg-6c`'s `6c`) saying `count` clients instead
    /// of `old`; unchanged when it has no such part.
    static func name(_ name: String, clients old: Int, as count: Int) -> String {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let i = parts.lastIndex(of: "\(old)c") else { return name }
        parts[i] = "\(count)c"
        return parts.joined(separator: "-")
    }

    /// The spec as a topology file whose clients are those of the topology `dataText` (read from
    /// `dataPath`): its seed, hosts, server placement, security, clients, aggregators, data and
    /// `messy:` sections (with the YAML anchors of `templates`) replace the spec's, so `fedactors run`
    /// of it runs the data stages on the clients' own nodes and trains them on their prepared data. A comment says which sections came from where.
    package func topologyYAML(carryingDataOf dataText: String, from dataPath: String) throws -> String {
        var commented = self
        commented.comments =
            (comments ?? []) + [
                """
                seed, hosts, server, security, clients, aggregators, data and messy: from \(dataPath) (the data \
                stages run on the clients' nodes before round 1)
                """
            ]
        let file = "\(name).yaml"
        var text = try TopologySections.carrying(
            TopologySections.dataSections, from: dataText, into: commented.topologyYAML(), file: file)
        let carried = try TopologyReader.parse(text, file: file)
        // The budget's cut of the samples each client trains on, below what the data holds.
        if let cut = server.samplesPerClient, let messy = carried.messy, cut < messy.samplesPerClient,
            cut < carried.data.samplesPerClient ?? .max
        {
            text = try TopologySections.setting("samples_per_client", to: cut, inSection: "data", of: text, file: file)
            _ = try TopologyReader.parse(text, file: file)
        }
        return text
    }
}
