import Foundation
import Synchronization

/// Counts every message this node sends and receives, by peer, actor type, method, direction and kind.
///
/// The actor system records a message at the moment it hands its frames to the transport (sent) or
/// takes them from it (received), so the ledger's byte totals equal the application frames that crossed
/// the socket (``TransportStatistics``). Transport framing (ZMTP's 2–9 bytes per frame, TCP/IP headers,
/// CURVE boxes) is not included. Thread-safe; read it at any time with ``snapshot()``.
public final class TrafficLedger: Sendable {
    private let rows = Mutex<[TrafficKey: TrafficCounters]>([:])

    public init() {}

    /// Adds one message of `frames` frames to `key`'s row.
    public func record(_ key: TrafficKey, envelopeBytes: Int, payloadBytes: Int, frames: Int) {
        rows.withLock { rows in
            rows[key, default: TrafficCounters()].messages += 1
            rows[key, default: TrafficCounters()].frames += frames
            rows[key, default: TrafficCounters()].envelopeBytes += envelopeBytes
            rows[key, default: TrafficCounters()].payloadBytes += payloadBytes
        }
    }

    /// Adds one message made of `frames` (the first one being the envelope) to `key`'s row.
    public func record(_ key: TrafficKey, frames: [Frame]) {
        let (envelope, payload) = Self.sizes(frames)
        record(key, envelopeBytes: envelope, payloadBytes: payload, frames: frames.count)
    }

    /// Envelope bytes (the first frame) and payload bytes (the rest) of a message.
    private static func sizes(_ frames: [Frame]) -> (envelope: Int, payload: Int) {
        let envelope = frames.first?.count ?? 0
        return (envelope, frames.reduce(0) { $0 + $1.count } - envelope)
    }

    /// Takes back a message ``record(_:frames:)`` counted that the transport then refused; a row left
    /// with nothing in it goes.
    func retract(_ key: TrafficKey, frames: [Frame]) {
        let (envelope, payload) = Self.sizes(frames)
        rows.withLock { rows in
            guard var row = rows[key] else { return }
            row.messages -= 1
            row.frames -= frames.count
            row.envelopeBytes -= envelope
            row.payloadBytes -= payload
            rows[key] = row.messages <= 0 ? nil : row
        }
    }

    /// A consistent copy of every row.
    public func snapshot() -> TrafficReport {
        TrafficReport(
            rows: rows.withLock { $0 }.map { TrafficReport.Row(key: $0.key, counters: $0.value) }.sorted {
                $0.key < $1.key
            })
    }

    /// Forgets every row (e.g. between benchmark phases).
    public func reset() { rows.withLock { $0.removeAll() } }
}

/// A snapshot of a ``TrafficLedger``: rows plus the sums reports need. `Codable`; ``jsonData()`` exports it.
public struct TrafficReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public var key: TrafficKey
        public var counters: TrafficCounters
    }
    public var rows: [Row]

    public init(rows: [Row]) { self.rows = rows }

    /// The sum of the rows that satisfy `include`.
    public func total(where include: (TrafficKey) -> Bool = { _ in true }) -> TrafficCounters {
        rows.filter { include($0.key) }.reduce(TrafficCounters()) { $0 + $1.counters }
    }

    /// Sums of one direction.
    public func total(_ direction: TrafficKey.Direction) -> TrafficCounters {
        total { $0.direction == direction }
    }

    /// Sums per value of `dimension` (e.g. `\.peer`, `\.method`), for one direction.
    public func totals(by dimension: KeyPath<TrafficKey, String>, _ direction: TrafficKey.Direction) -> [String:
        TrafficCounters]
    {
        rows.filter { $0.key.direction == direction }.reduce(into: [:]) { acc, row in
            acc[row.key[keyPath: dimension], default: TrafficCounters()] =
                acc[row.key[keyPath: dimension], default: TrafficCounters()] + row.counters
        }
    }

    /// Pretty-printed, key-sorted JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// A fixed-width table: one line per (peer, actor type, method) with sent and received totals.
    public func table() -> String {
        struct Line: Hashable { var peer, actor, method: String }
        var sent: [Line: TrafficCounters] = [:], received: [Line: TrafficCounters] = [:]
        for row in rows {
            let line = Line(peer: row.key.peer, actor: row.key.actorType, method: row.key.method)
            switch row.key.direction {
            case .sent: sent[line, default: .init()] = sent[line, default: .init()] + row.counters
            case .received: received[line, default: .init()] = received[line, default: .init()] + row.counters
            case .dropped, .rejected: break
            }
        }
        let lines = Set(sent.keys).union(received.keys).sorted {
            ($0.peer, $0.actor, $0.method) < ($1.peer, $1.actor, $1.method)
        }
        var out =
            """
            peer                          actor.method                              msgs out   bytes out    msgs in   \
             bytes in\n
            """
        for l in lines {
            let s = sent[l] ?? .init(), r = received[l] ?? .init()
            let name = "\(l.actor.split(separator: ".").last ?? "").\(l.method)"
            out +=
                l.peer.padded(30) + name.padded(40) + String(s.messages).leftPadded(10)
                + ByteCount.format(s.totalBytes).leftPadded(12)
                + String(r.messages).leftPadded(11) + ByteCount.format(r.totalBytes).leftPadded(12) + "\n"
        }
        let ts = total(.sent), tr = total(.received)
        out +=
            "total".padded(70) + String(ts.messages).leftPadded(10) + ByteCount.format(ts.totalBytes).leftPadded(12)
            + String(tr.messages).leftPadded(11) + ByteCount.format(tr.totalBytes).leftPadded(12) + "\n"
        return out
    }
}

/// Human-readable byte counts (1 KB = 1,000 bytes, as network rates are quoted).
package enum ByteCount {
    package static func format(_ bytes: Int) -> String {
        let b = Double(bytes)
        switch b {
        case ..<1_000: return "\(bytes) B"
        case ..<1_000_000: return String(format: "%.1f KB", b / 1e3)
        case ..<1_000_000_000: return String(format: "%.2f MB", b / 1e6)
        default: return String(format: "%.2f GB", b / 1e9)
        }
    }
}

extension String {
    /// The string left-aligned in a column of `width` characters (cut, with a space, if longer): for
    /// the fixed-width tables the CLI prints.
    package func padded(_ width: Int) -> String {
        count >= width ? String(prefix(width - 1)) + " " : self + String(repeating: " ", count: width - count)
    }
    /// The string right-aligned in a column of `width` characters (never cut).
    package func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
