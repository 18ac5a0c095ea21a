import Federation
import Testing
@testable import Topology

/// YAML anchors and merge keys for many similar hosts (`templates` holds the anchors).
@Suite struct MergeKeyTests {
    @Test func hostsMergeATemplateAndOverrideItsKeys() throws {
        let text = """
            name: t
            templates:
              site: &site {start: local, restart: on-failure, link: {up_mbps: 20}}
              slow: &slow {link: {up_mbps: 2}, bind: "tcp://127.0.0.1:0"}
            hosts:
              - {<<: *site, name: a}
              - {<<: *site, name: b, restart: never}
              - {<<: [*slow, *site], name: c}
            clients: [{group: g, count: 3, hosts: [a, b, c]}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        let spec = try TopologyReader.parse(text)
        #expect(spec.hosts.map(\.name) == ["a", "b", "c"])
        #expect(spec.hosts.map(\.restart) == [.onFailure, .never, .onFailure])
        #expect(spec.hosts.map { $0.link?.upBytesPerSecond } == [2_500_000, 2_500_000, 250_000])
    }

    @Test func aBadMergeOrABadTemplatedValueIsRefusedWhereItIsWritten() throws {
        let text = """
            name: t
            templates:
              site: &site {start: local, link: {up_mbps: fast}}
            hosts:
              - {<<: *site, name: a}
              - {<<: 3, name: b}
            clients: [{group: g, count: 1}]
            data: {dataset: fashion-mnist}
            model: 2nn
            strategy: fedavg
            """
        let error = try #require(throws: TopologyError.self) { try TopologyReader.parse(text) }
        let templated = try #require(error.issues.first { $0.field == "hosts[0].link.up_mbps" })
        #expect(templated.line == 3)
        let merge = try #require(error.issues.first { $0.field == "hosts[1].<<" })
        #expect(merge.line == 6 && merge.message.contains("a merge key (<<) takes a mapping"))
    }
}
