// MeshBench: the actor system against raw libzmq, interleaved sample by sample in one run, so the
// ratios hold however busy the machine is.
//
//   swift run -c release --package-path Benchmarks MeshBench [--samples N] [--transport tcp|inproc] [--spin µs]
//
// Prints the median round trip of a small call and of a 4 MB call, each next to raw libzmq REQ/REP
// moving the same bytes, their ratios, and the wire bytes the ledger metered per payload byte; the
// small call also with the transport's post-work spin turned off (spinMicroseconds = 0). The 4 MB
// call is measured twice: as a [Float] (copied into a new array on each arrival) and as a
// FloatPayload (read in place from the received zmq message, and sent back from it). Last, the
// minor page faults of the whole process per 4 MB round trip of each path.
import ActorMesh
import Distributed
import Foundation
import ZeroMQ

distributed actor BenchEcho {
    typealias ActorSystem = MeshSystem
    distributed func ping(_ x: Int) -> Int { x }
    distributed func echo(_ values: [Float]) -> [Float] { values }
    distributed func echoPayload(_ values: FloatPayload) -> FloatPayload { values }
}

func argument(_ name: String, default value: String) -> String {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return value }
    return args[i + 1]
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s[s.count / 2]
}

/// Minor page faults of the whole process so far (every thread, libzmq's I/O thread included).
func minorFaults() -> Int {
    var usage = rusage()
    return getrusage(RUSAGE_SELF.rawValue, &usage) == 0 ? usage.ru_minflt : 0
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

/// Raw libzmq REQ/REP echo on its own thread: the floor the actor system is measured against.
final class RawEcho: @unchecked Sendable {
    // @unchecked: `rep` is used only by the echo thread; `req` only by the benchmark's task.
    let rep: ZMQSocket
    let req: ZMQSocket
    init(endpoint: String) throws {
        rep = try ZMQSocket(.shared, .rep)
        try rep.setLinger(0)
        try rep.bind(endpoint)
        req = try ZMQSocket(.shared, .req)
        try req.setLinger(0)
        try req.connect(rep.lastEndpoint)
        Thread.detachNewThread { [self] in
            while let parts = try? rep.receive(dontWait: false) {
                // Forward the received parts as they are: libzmq moves their content, no copy.
                if (try? rep.send(parts, dontWait: false)) == nil { break }
            }
        }
    }
    func roundTrip(_ payload: Data) throws -> Int {
        try req.send([try ZMQMessage(noCopy: payload)], dontWait: false)
        guard let reply = try req.receive(dontWait: false) else { return 0 }
        return reply.reduce(0) { $0 + $1.count }
    }
}

let samples = Int(argument("--samples", default: "300")) ?? 300
let kind = argument("--transport", default: "tcp")
func endpoint(_ name: String) -> String { kind == "inproc" ? "inproc://bench-\(name)" : "tcp://127.0.0.1:0" }

// --spin N: the main pair's spinMicroseconds (default: the transport's own default).
var mainSettings = ZeroMQTransport.Settings()
if let spin = Int(argument("--spin", default: "")) { mainSettings.spinMicroseconds = spin }
let server = try MeshSystem(transport: try ZeroMQTransport(bind: endpoint("server"), settings: mainSettings))
let client = try MeshSystem(transport: try ZeroMQTransport(bind: endpoint("client"), settings: mainSettings))
let local = try server.makeActor(named: "echo") { BenchEcho(actorSystem: server) }
let remote = try BenchEcho.resolve(id: local.id, using: client)
// The same pair with the I/O threads' spin after work turned off, to show what the spin buys.
var noSpin = ZeroMQTransport.Settings()
noSpin.spinMicroseconds = 0
let serverNoSpin = try MeshSystem(transport: try ZeroMQTransport(bind: endpoint("server-nospin"), settings: noSpin))
let clientNoSpin = try MeshSystem(transport: try ZeroMQTransport(bind: endpoint("client-nospin"), settings: noSpin))
let localNoSpin = try serverNoSpin.makeActor(named: "echo") { BenchEcho(actorSystem: serverNoSpin) }
let remoteNoSpin = try BenchEcho.resolve(id: localNoSpin.id, using: clientNoSpin)
let raw = try RawEcho(endpoint: kind == "inproc" ? "inproc://bench-raw" : "tcp://127.0.0.1:*")

let big = [Float](repeating: 0.5, count: 1_048_576)  // 4 MB
let bigPayloadValue = FloatPayload(big)
let bigData = big.withUnsafeBytes { Data($0) }
let smallData = Data(count: 8)

// Warm up both paths (connections, allocator).
for _ in 0..<20 {
    _ = try await remote.ping(1)
    _ = try await remoteNoSpin.ping(1)
    _ = try raw.roundTrip(smallData)
}
_ = try await remote.echo(big)
_ = try await remote.echoPayload(bigPayloadValue)
_ = try raw.roundTrip(bigData)

/// The small-call samples, taken off the main actor (as an FL server or client calls: from a task on
/// the global executor), so the actor path does not pay a hop back to the main thread per call.
func smallCalls(_ remote: BenchEcho, _ remoteNoSpin: BenchEcho, _ raw: RawEcho, samples: Int) async throws -> (
    actor: [Double], noSpin: [Double], raw: [Double]
) {
    let clock = ContinuousClock()
    let smallData = Data(count: 8)
    var out: (actor: [Double], noSpin: [Double], raw: [Double]) = ([], [], [])
    for i in 0..<samples {
        var t = clock.now
        _ = try await remote.ping(i)
        out.actor.append(seconds(clock.now - t))
        t = clock.now
        _ = try await remoteNoSpin.ping(i)
        out.noSpin.append(seconds(clock.now - t))
        t = clock.now
        _ = try raw.roundTrip(smallData)
        out.raw.append(seconds(clock.now - t))
    }
    return out
}

/// The 4 MB samples, off the main actor like the small ones. Each round runs the three paths in a
/// rotating order, so none always runs on the caches and pages another just warmed.
func bigCalls(
    _ remote: BenchEcho, _ raw: RawEcho, _ big: [Float], _ payload: FloatPayload, _ bigData: Data, samples: Int
) async throws -> (actor: [Double], payload: [Double], raw: [Double], faults: [Int]) {
    let clock = ContinuousClock()
    var out: (actor: [Double], payload: [Double], raw: [Double], faults: [Int]) = ([], [], [], [0, 0, 0])
    for i in 0..<samples {
        for step in 0..<3 {
            let path = (i + step) % 3
            let faultsBefore = minorFaults()
            defer { out.faults[path] += minorFaults() - faultsBefore }
            let t = clock.now
            switch path {
            case 0:
                let back = try await remote.echo(big)
                out.actor.append(seconds(clock.now - t))
                precondition(back.count == big.count, "the echo lost data")
            case 1:
                let back = try await remote.echoPayload(payload)
                out.payload.append(seconds(clock.now - t))
                precondition(
                    back.count == payload.count && back.isBorrowingReceivedFrame,
                    "the payload echo lost data or copied it")
            default:
                _ = try raw.roundTrip(bigData)
                out.raw.append(seconds(clock.now - t))
            }
        }
    }
    return out
}

let (remoteA, remoteB, rawEcho, sampleCount) = (remote, remoteNoSpin, raw, samples)
let small = try await Task.detached { try await smallCalls(remoteA, remoteB, rawEcho, samples: sampleCount) }.value
let (actorSmall, noSpinSmall, rawSmall) = (small.actor, small.noSpin, small.raw)
client.ledger.reset()
// At least 60 rounds: the host's noise moved a median of 30 by ±15%.
let bigSamples = max(60, samples / 5)
let (bigArray, bigPayload, bigBytes) = (big, bigPayloadValue, bigData)
let large = try await Task.detached {
    try await bigCalls(remoteA, rawEcho, bigArray, bigPayload, bigBytes, samples: bigSamples)
}.value
let (actorBig, payloadBig, rawBig) = (large.actor, large.payload, large.raw)
let faultsPerTrip = large.faults.map { Double($0) / Double(bigSamples) }
let ledger = client.ledger.snapshot()
let sent = ledger.total(.sent), received = ledger.total(.received)
// Both 4 MB calls, each way, every round.
let payloadBytes = Double(bigSamples * big.count * 4 * 2 * 2)
let wireRatio = Double(sent.totalBytes + received.totalBytes) / payloadBytes

func us(_ s: Double) -> String { String(format: "%8.1f µs", s * 1e6) }
func ms(_ s: Double) -> String { String(format: "%8.3f ms", s * 1e3) }
/// The ratio of the medians, and the median of the per-sample ratios: each sample of a path was
/// taken right next to the raw one it is divided by, so the second is less moved by the host's drift.
func ratios(_ path: [Double], _ raw: [Double]) -> String {
    let paired = median(zip(path, raw).map { $0 / $1 })
    return String(format: "ratio %.2fx (paired %.2fx)", median(path) / median(raw), paired)
}
print("MeshBench (\(kind), \(samples) small / \(bigSamples) large samples, interleaved; medians)")
print("raw zmq REQ/REP   small \(us(median(rawSmall)))   4 MB \(ms(median(rawBig)))")
print("small call        actor \(us(median(actorSmall)))   \(ratios(actorSmall, rawSmall))  (target <= 3x)")
print(
    "  without spin    actor \(us(median(noSpinSmall)))   \(ratios(noSpinSmall, rawSmall))  (I/O threads block in zmq_poll at once)"
)
print(
    """
    4 MB FloatPayload actor \(ms(median(payloadBig)))   \(ratios(payloadBig, rawBig))  (target <= 1.25x; read in \
    place, no copy)
    """
)
print(
    """
    4 MB [Float]      actor \(ms(median(actorBig)))   \(ratios(actorBig, rawBig))  (copied into a new array on each \
    arrival)
    """
)
print("wire bytes per payload byte on the 4 MB calls: \(String(format: "%.5f", wireRatio))  (target <= 1.05)")
withExtendedLifetime((local, localNoSpin)) {}
clientNoSpin.shutdown()
serverNoSpin.shutdown()
client.shutdown()
server.shutdown()
// Each 4 MB round trip receives 4 MB twice, into buffers libzmq allocates: 2,048 page faults if
// every one lands on memory glibc handed back to the kernel since the last round.
print(
    String(
        format:
            """
            page faults per 4 MB round trip: FloatPayload %.0f, [Float] %.0f, raw %.0f  (2,048 = every received page \
            new)
            """,
        faultsPerTrip[1], faultsPerTrip[0], faultsPerTrip[2]))
