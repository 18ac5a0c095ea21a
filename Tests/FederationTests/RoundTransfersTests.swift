import ActorMesh
@testable import Federation
import Testing

/// A round's downloads and uploads over shared links, and the old meaning kept without them.
@Suite struct RoundTransfersTests {
    static func client(
        down: Double = 100, up: Double = 20, latencyMs: Double = 0, flops: Double = 2e9,
        answer: (Double, Int)? = (0, 0),
        bytesDown: Int = 1_000_000, loss: Double = 0
    ) -> RoundTransfers.Client {
        var profile = ClientProfile(
            device: DeviceProfile(flopsPerSecond: flops),
            link: .mbps(down: down, up: up, latencyMilliseconds: latencyMs))
        profile.link.lossRate = loss
        return RoundTransfers.Client(
            profile: profile, bytesDown: bytesDown, answer: answer.map { (flops: $0.0, bytesUp: $0.1) })
    }

    @Test func withoutSharedLinksEveryTimeIsThePrivateLinksToTheLastBit() {
        // Old topologies keep their meaning: the same seconds as VirtualTiming's closed form, bit for bit.
        var rng = SplitMix64(seed: 3)
        var clients: [Int: RoundTransfers.Client] = [:]
        for id in 0..<30 {
            let profile = ClientProfile(
                device: DeviceProfile(
                    flopsPerSecond: Distribution.logNormal(median: 2e9, sigma: 0.5).sample(using: &rng)),
                link: .mbps(
                    down: Double(rng.next() % 90 + 10), up: Double(rng.next() % 19 + 1),
                    latencyMilliseconds: Double(rng.next() % 100)))
            clients[id] = RoundTransfers.Client(
                profile: profile, bytesDown: 795_080, answer: (flops: 1e9 * Double(id + 1), bytesUp: 795_080 - id))
        }
        let network = NetworkModel(
            sites: ["h1": SharedLink()], clientSites: Dictionary(uniqueKeysWithValues: (0..<30).map { ($0, "h1") }))
        for model in [NetworkModel(), network] {
            let timings = RoundTransfers(network: model).timings(clients)
            for (id, c) in clients {
                let old = VirtualTiming(
                    profile: c.profile, flops: c.answer?.flops ?? 0, bytesDown: c.bytesDown,
                    bytesUp: c.answer?.bytesUp ?? 0)
                #expect(timings[id] == old)
                #expect(timings[id]?.totalSeconds == old.totalSeconds)
            }
        }
    }

    @Test func aServerLinkSharedByFourDownloads() {
        // 80 Mbit/s (10 MB/s) at the server, four clients of 100 Mbit/s each downloading 10 MB: 2.5 MB/s
        // each, 4 s; plus 20 ms of latency.
        let clients = Dictionary(
            uniqueKeysWithValues: (0..<4).map { ($0, Self.client(latencyMs: 20, bytesDown: 10_000_000)) })
        let timings = RoundTransfers(network: NetworkModel(server: .mbps(down: 80, up: nil))).timings(clients)
        for id in 0..<4 { #expect(abs((timings[id]?.downloadSeconds ?? 0) - 4.02) < 1e-9) }
    }

    @Test func clientsThatDidNotAnswerStillShareTheDownload() {
        // Two clients download 10 MB over a 10 MB/s server link; client 1 then drops out. Client 0
        // still had half the link: 2 s, and only it has a timing.
        let clients = [0: Self.client(bytesDown: 10_000_000), 1: Self.client(answer: nil, bytesDown: 10_000_000)]
        let timings = RoundTransfers(network: NetworkModel(server: .mbps(down: 80, up: nil))).timings(clients)
        #expect(timings.keys.sorted() == [0])
        #expect(abs((timings[0]?.downloadSeconds ?? 0) - 2) < 1e-9)
    }

    @Test func twoSitesUploadOverTheirOwnUplinks() {
        // Site a (8 Mbit/s up: 1 MB/s) has two clients, site b (unlimited) one; each uploads 1 MB after
        // 1 s of compute (2e9 FLOPs at 2e9/s) on a 20 Mbit/s last mile (2.5 MB/s). a's two share 1 MB/s:
        // 2 s each; b's alone: 0.4 s. Downloads of 1 MB at 100 Mbit/s: 0.08 s.
        let sites = NetworkModel(sites: ["a": .mbps(down: nil, up: 8)], clientSites: [0: "a", 1: "a", 2: "b"])
        let clients = Dictionary(uniqueKeysWithValues: (0..<3).map { ($0, Self.client(answer: (2e9, 1_000_000))) })
        let t = RoundTransfers(network: sites).timings(clients)
        for id in 0..<2 { #expect(abs((t[id]?.uploadSeconds ?? 0) - 2) < 1e-9) }
        #expect(abs((t[2]?.uploadSeconds ?? 0) - 0.4) < 1e-9)
        #expect(abs((t[0]?.totalSeconds ?? 0) - 3.08) < 1e-9)
    }

    @Test func lossCapsTheRateAsMathisSays() {
        // 1% loss, 50 ms one way (RTT 0.1 s): 1460 / 0.1 × 1.2247 / 0.1 = 178,808 B/s, below the
        // 12.5 MB/s last mile: 1 MB takes 5.593 s, plus 50 ms.
        let limit = LossLimit.bytesPerSecond(loss: 0.01, latencySeconds: 0.05)
        #expect(abs(limit - 1460 / 0.1 * (1.5).squareRoot() / 0.1) < 1e-6)
        let t = RoundTransfers(network: NetworkModel()).timings([0: Self.client(latencyMs: 50, loss: 0.01)])
        #expect(abs((t[0]?.downloadSeconds ?? 0) - (0.05 + 1_000_000 / limit)) < 1e-9)
        // Loss on a shared link adds to the path's: 1 − 0.99 × 0.99.
        #expect(abs(LossLimit.pathLoss([0.01, 0.01]) - 0.0199) < 1e-12)
        #expect(LossLimit.bytesPerSecond(loss: 0.01, latencySeconds: 0) == .infinity)
    }
}
