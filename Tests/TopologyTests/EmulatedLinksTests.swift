import Federation
import Synchronization
import Testing
@testable import Topology

/// `launch --emulate-links` around a run: the links applied before the run and removed after it,
/// however it ends, with a fake command runner that records the commands (the physical commands
/// are tested in LinkEmulationNetnsTests, and a whole launch in MultiHostRunTests).
@Suite struct EmulatedLinksTests {
    /// Records every command; fails the one equal to `failing`.
    final class Recorder: LinkCommandRunner {
        private let log = Mutex<[[String]]>([])
        let failing: [String]?
        init(failing: [String]? = nil) { self.failing = failing }
        func run(_ words: [String]) throws(LinkEmulationError) {
            log.withLock { $0.append(words) }
            if words == failing { throw LinkEmulationError(message: "fake: \(words.joined(separator: " ")) failed") }
        }
        var commands: [[String]] { log.withLock { $0 } }
    }

    struct RunFailed: Error {}

    static let topology = """
        name: lossy
        hosts:
          - {name: h, start: command, command: [ip, netns, exec, fa-h1, fedactors, node, --bind, "tcp://10.77.0.1:7101"], endpoint: "tcp://10.77.0.1:7101",
             link: {up_mbps: 8, loss: 0.1}}
        server: {bind: "tcp://10.77.0.254:0"}
        clients: [{group: g, count: 2, host: h}]
        data: {dataset: fashion-mnist}
        model: 2nn
        strategy: fedavg
        """

    static func links() throws -> EmulatedLinks {
        try EmulatedLinks(plan: try RunPlan(try TopologyReader.parse(topology)), isRoot: true, hasNetem: { _ in false })
    }

    @Test func theLinksAreAppliedBeforeTheRunAndRemovedAfterIt() async throws {
        let links = try Self.links()
        #expect(links.emulation.commands.contains { $0.first == "nft" }, "loss without netem is applied with nftables")
        let recorder = Recorder()
        let seen = try await links.during(recorder) { recorder.commands }
        // Leftovers of an earlier run removed, then the links applied, all before the run.
        #expect(seen == links.clearing + links.emulation.commands)
        #expect(recorder.commands == links.clearing + links.emulation.commands + links.clearing)
    }

    @Test func theLinksAreRemovedWhenTheRunFails() async throws {
        let links = try Self.links()
        let recorder = Recorder()
        await #expect(throws: RunFailed.self) {
            try await links.during(recorder) { () async throws -> Int in throw RunFailed() }
        }
        #expect(recorder.commands == links.clearing + links.emulation.commands + links.clearing)
    }

    @Test func aFailedApplyRemovesWhatItAppliedAndStartsNoRun() async throws {
        let links = try Self.links()
        let failing = try #require(links.emulation.commands.last)
        let recorder = Recorder(failing: failing)
        let ran = Mutex(false)
        await #expect(throws: LinkEmulationError.self) {
            try await links.during(recorder) { ran.withLock { $0 = true } }
        }
        #expect(!ran.withLock { $0 })
        #expect(recorder.commands == links.clearing + links.emulation.commands + links.clearing)
    }

    @Test func itRefusesHostsThatAreNotNetnsHostsAndANonRootUser() throws {
        let local = try RunPlan(
            try TopologyReader.parse(
                """
                name: l\nhosts: [{name: a, link: {up_mbps: 5}}]\nclients: [{group: g, count: 2}]\ndata: {dataset: \
                fashion-mnist}\nmodel: 2nn\nstrategy: fedavg\n
                """
            ))
        let notNetns = try #require(throws: LinkEmulationError.self) {
            try EmulatedLinks(plan: local, isRoot: true, hasNetem: { _ in false })
        }
        #expect(
            notNetns.message.contains("scripts/netns-hosts") && notNetns.message.contains("without --emulate-links"))
        let netns = try RunPlan(try TopologyReader.parse(Self.topology))
        let notRoot = try #require(throws: LinkEmulationError.self) {
            try EmulatedLinks(plan: netns, isRoot: false, hasNetem: { _ in false })
        }
        #expect(notRoot.message.contains("needs root"))
    }
}
