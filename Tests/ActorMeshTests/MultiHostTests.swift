import ActorMesh
import Distributed
import FedActorsTesting
import Foundation
import Testing

/// The mesh across hosts: nodes in separate network namespaces with their own addresses.
@Suite(.serialized) struct MultiHostTests {
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func callsCrossSimulatedHosts() async throws {
        let hosts = try NetnsHosts.up(2)
        defer { hosts.down() }
        let addresses = hosts.addresses
        let testNode = try Executables.url("fedactors-testnode")
        var nodes: [NodeProcess] = []
        defer { for n in nodes { n.terminate() } }
        for (i, address) in addresses.enumerated() {
            nodes.append(
                try await NodeProcess.launch(
                    executable: URL(fileURLWithPath: "/usr/sbin/ip"),
                    arguments: hosts.exec(host: i + 1) + [testNode.path, "--bind", "tcp://\(address):7301"]))
        }
        #expect(nodes.map(\.endpoint) == addresses.map { "tcp://\($0):7301" })

        let system = try MeshSystem(transport: try ZeroMQTransport(bind: "tcp://\(hosts.rootAddress):0"))
        defer { system.shutdown() }
        let first = try EchoActor.resolve(id: MeshActorID(node: nodes[0].endpoint, path: "echo"), using: system)
        let second = try EchoActor.resolve(id: MeshActorID(node: nodes[1].endpoint, path: "echo"), using: system)
        #expect(try await first.greet("host 1") == "hello, host 1")
        // Host 2 calls host 1 directly, namespace to namespace.
        #expect(try await second.relayGreeting(via: first, name: "from host 2") == "hello, from host 2")
        let weights = [Float](repeating: 0.25, count: 250_000)
        #expect(try await second.echo(weights) == weights)
    }

    /// Two sets of simulated hosts side by side (as two test runs on one machine make them): each has
    /// its own names and subnet, `up` with a taken prefix or subnet refuses without removing anything,
    /// and `down` of one leaves the other as it was.
    @Test(.enabled(if: NetnsHosts.unavailableReason == nil, "\(NetnsHosts.unavailableReason ?? "")"))
    func twoSetsOfHostsDoNotTouchEachOther() throws {
        let first = try NetnsHosts.up(2)
        defer { first.down() }
        let second = try NetnsHosts.up(1)
        defer { second.down() }
        #expect(first.prefix != second.prefix && first.base != second.base)
        #expect(try NetnsHosts.namespaces().isSuperset(of: first.names + second.names))

        #expect(throws: (any Error).self) {
            try NetnsHosts.run([
                "up", "1", "--prefix", first.prefix, "--subnet", "10.99.\(Int.random(in: 0...255)).0/24",
            ])
        }
        #expect(throws: (any Error).self) {
            try NetnsHosts.run([
                "up", "1", "--prefix", "u\(second.prefix.dropFirst())", "--subnet", "\(second.base).0/24",
            ])
        }
        #expect(throws: (any Error).self) {
            try NetnsHosts.run(["up", "1", "--prefix", "Not-OK", "--subnet", "10.99.1.0/24"])
        }
        #expect(try NetnsHosts.namespaces().isSuperset(of: first.names + second.names))

        first.down()
        let left = try NetnsHosts.namespaces()
        #expect(left.isDisjoint(with: first.names))
        #expect(left.isSuperset(of: second.names))
    }
}
