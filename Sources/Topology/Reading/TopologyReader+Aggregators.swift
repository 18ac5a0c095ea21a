import Federation

extension TopologyReader {
    /// `aggregators:` a list of `{name, host, clients: [GROUP, ...], link: {...}}`, each name unique,
    /// each host one of `hosts`, each client group one of `groups` and under one aggregator only.
    static func readAggregators(_ value: YAMLValue?, hosts: [String], groups: [String]) -> [AggregatorSpec] {
        guard let value, let items = value.sequence() else { return [] }
        if items.isEmpty {
            value.log.record(
                value.node, value.path, "expected at least one aggregator, found none: list them, or remove the key")
        }
        var names: Set<String> = []
        var owner: [String: String] = [:]
        var out: [AggregatorSpec] = []
        for item in items {
            guard let m = item.mapping() else { continue }
            let name = m.required("name", "the aggregator's name")?.string()
            let host = m.required("host", "the host whose node runs the aggregator")?.oneOf(hosts)
            var members: [String] = []
            if let list = m.required("clients", "the client groups under the aggregator, e.g. [phones]") {
                if let entries = list.sequence() {
                    if entries.isEmpty {
                        list.fail("at least one client group")
                    }
                    for entry in entries {
                        guard let group = entry.oneOf(groups), let name else { continue }
                        if let other = owner.updateValue(name, forKey: group), other != name {
                            entry.log.record(
                                entry.node, entry.path,
                                "group \(group) is already under aggregator \(other): a client group has one aggregator"
                            )
                        }
                        members.append(group)
                    }
                }
            }
            let link = readSharedLink(m.optional("link"))
            m.finish()
            guard let name, let host else { continue }
            if !names.insert(name).inserted {
                item.log.record(item.node, item.path, "aggregator name '\(name)' is used twice: give each its own")
            }
            out.append(AggregatorSpec(name: name, host: host, groups: members, link: link))
        }
        return out
    }
}
