import Federation
import Foundation
import Yams

/// Reads and validates topology files. Every problem is reported, located, before anything starts.
package enum TopologyReader {
    /// The most clients a run may have, in one group and in all groups together (the plan draws a profile for each).
    package static let maxClients = 1_000_000

    /// Reads the topology at `path`.
    package static func load(path: String) throws -> TopologySpec {
        let text = try TopologyText.read(path: path)
        return try parse(text, file: path, inputPath: path)
    }

    /// Parses topology `text`; `file` names it in messages.
    package static func parse(_ text: String, file: String = "topology.yaml") throws -> TopologySpec {
        try parse(text, file: file, inputPath: nil)
    }

    /// As ``parse(_:file:)``; the report's paths must differ from `inputPath` (the file read) and
    /// from each other.
    static func parse(_ text: String, file: String, inputPath: String?) throws -> TopologySpec {
        let log = IssueLog(
            file: file, directory: inputPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw TopologyError(issues: [
                    TopologyIssue(
                        file: file, line: 1, column: 1, field: "",
                        message: "the file is empty: expected a mapping with at least 'name'")
                ])
            }
            root = node
        } catch let error as YamlError {
            throw TopologyError(issues: [TopologyText.issue(error, text: text, file: file)])
        }
        let spec = read(YAMLValue(node: root, path: "", log: log))
        if let spec {
            for problem in spec.outputPathProblems(topologyPath: inputPath) { log.record(problem) }
        }
        guard log.issues.isEmpty, let spec else {
            throw TopologyError(issues: log.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return spec
    }

    static func read(_ root: YAMLValue) -> TopologySpec? {
        guard let top = root.mapping() else { return nil }
        let name = top.required("name", "a name for the run")?.string()
        let seed = top.optional("seed")?.int(0...Int(Int32.max)).map(UInt64.init) ?? 42
        let hosts = readHosts(top.optional("hosts"), log: root.log)
        let hostNames = hosts.map(\.name)
        let server = readServer(top.optional("server"), hosts: hostNames)
        let clients = top.required("clients", "a list of client groups")
        let (groups, items) = readClients(clients, hosts: hostNames)
        let aggregators = readAggregators(
            top.optional("aggregators"), hosts: hostNames, groups: groups.map(\.name))
        let data = readData(top.required("data", "the dataset and its partition"))
        let model = readModel(top.required("model", "a model such as '2nn' or {name: cnn, width: 0.5}"))
        let strategy = readStrategy(
            top.required("strategy", "a strategy such as 'fedavg' or {name: fedprox, mu: 0.01}"))
        let (plan, rounds) = readTraining(top.optional("training"))
        let (participation, deadline, callTimeout) = readParticipation(top.optional("participation"))
        let evaluation = readEvaluation(top.optional("evaluation"))
        let (timeMode, pacesNetwork) = readTiming(top.optional("timing"))
        let compression = readCompression(top.optional("compression"))
        let report = readReport(top.optional("report"))
        let security = readSecurity(top.optional("security"))
        let sampleFilter = readSampleFilter(top.optional("sample_filter"))
        let continual = readContinual(top.optional("continual"), rounds: rounds)
        let messyValue = top.optional("messy")
        let messy = readMessy(messyValue)
        // A place for YAML anchors (`templates: {host: &host {...}}`), read only where they are merged.
        _ = top.optional("templates")
        top.finish()

        guard let name, let data, let model, let strategy else { return nil }
        // An empty list; a list whose groups did not read has had its issues recorded already.
        if let clients, items?.isEmpty == true {
            clients.log.record(clients.node, "clients", "expected at least one client group, found none")
        }
        var spec = TopologySpec(
            name: name, seed: seed, hosts: hosts, serverBind: server.bind, clientGroups: groups, data: data,
            model: model,
            strategy: strategy, training: plan, rounds: rounds, participation: participation, deadlineSeconds: deadline,
            callTimeoutSeconds: callTimeout, timeMode: timeMode, evaluation: evaluation, compression: compression,
            report: report,
            security: security)
        spec.serverLink = server.link
        spec.serverHost = server.host
        spec.pacesNetwork = pacesNetwork
        spec.aggregators = aggregators
        spec.sampleFilter = sampleFilter
        spec.continual = continual
        spec.messy = messy
        if let messy, let messyValue, root.log.issues.isEmpty { checkMessy(messy, messyValue, spec: spec) }
        // The settings together, once each reads cleanly: a mistake in one field would otherwise
        // come back as a second issue about another (a group that did not read shrinks the clients).
        if root.log.issues.isEmpty {
            for problem in spec.problems() { root.log.record(problem) }
        }
        return spec
    }

    /// The `server` section: where the driver's server binds, its shared link, and the host whose
    /// node runs it (nil: the driver's process).
    private static func readServer(
        _ value: YAMLValue?, hosts hostNames: [String]
    ) -> (bind: String, link: SharedLink?, host: String?) {
        var serverBind = "tcp://127.0.0.1:0"
        guard let server = value?.mapping() else { return (serverBind, nil, nil) }
        let serverLink = readSharedLink(server.optional("link"))
        // Any host of the topology; a name that is none is located, with the nearest name.
        let serverHost = server.optional("host")?.oneOf(hostNames)
        if let b = server.optional("bind"), let text = b.string() {
            if let problem = EndpointPort.problem(in: text, bind: true) {
                b.log.record(b.node, b.path, problem)
            } else if text.hasPrefix("tcp://") {
                serverBind = text
            } else {
                b.log.record(
                    b.node, b.path,
                    """
                    expected a tcp://<address>:<port> endpoint the nodes can reach (port 0: any free port), found \
                    '\(text)'
                    """
                )
            }
        }
        server.finish()
        return (serverBind, serverLink, serverHost)
    }

    /// The client groups of the `clients` list, and its items (nil when it is missing or no list); more
    /// than ``maxClients`` clients in all is an issue.
    private static func readClients(
        _ clients: YAMLValue?, hosts hostNames: [String]
    ) -> (groups: [ClientGroupSpec], items: [YAMLValue]?) {
        let items = clients?.sequence()
        let groups = items?.compactMap { readGroup($0, hosts: hostNames) } ?? []
        let clientCount = groups.reduce(0) { $0 + $1.count }
        if let clients, clientCount > maxClients {
            clients.log.record(
                clients.node, clients.path,
                """
                expected at most \(maxClients) clients in all groups together, found \(clientCount): lower the \
                groups' counts
                """
            )
        }
        return (groups, items)
    }
}
