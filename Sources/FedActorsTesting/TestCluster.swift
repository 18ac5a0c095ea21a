import ActorMesh
import ActorMeshTesting
import Foundation

/// Which transport a mesh test runs over; scenarios are parameterized over all of them.
package enum MeshTransportKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``InMemoryTransport`` with a ``ManualClock``: deterministic, no sockets.
    case memory
    /// ``ZeroMQTransport`` over inproc:// (one process, real ZeroMQ sockets).
    case inproc
    /// ``ZeroMQTransport`` over tcp:// on 127.0.0.1.
    case tcp
    package var description: String { rawValue }
}

/// Several actor systems in one process, each its own node, connected by one kind of transport.
package final class TestCluster: Sendable {
    package let kind: MeshTransportKind
    package let systems: [MeshSystem]
    /// The manual clock of in-memory clusters; `nil` for real transports (real time).
    package let manualClock: ManualClock?
    package let network: InMemoryNetwork?

    /// `nodes` systems named `node0`, `node1`, … with `configure` applied to each one's settings.
    package init(_ kind: MeshTransportKind, nodes: Int, configure: (Int, inout MeshSettings) -> Void = { _, _ in })
        throws
    {
        self.kind = kind
        switch kind {
        case .memory:
            let network = InMemoryNetwork()
            let clock = ManualClock()
            self.network = network
            manualClock = clock
            systems = try (0..<nodes).map { i in
                var settings = MeshSettings()
                settings.clock = clock
                configure(i, &settings)
                return try MeshSystem(
                    transport: InMemoryTransport(name: "node\(i)", network: network), settings: settings)
            }
        case .inproc, .tcp:
            network = nil
            manualClock = nil
            let prefix = kind == .tcp ? "tcp://127.0.0.1:0" : "inproc://cluster-\(UInt32.random(in: 0...UInt32.max))-"
            systems = try (0..<nodes).map { i in
                var settings = MeshSettings()
                configure(i, &settings)
                return try MeshSystem(
                    transport: ZeroMQTransport(bind: kind == .tcp ? prefix : prefix + "\(i)"), settings: settings)
            }
        }
    }

    /// Makes another node on the same network or loopback (e.g. to restart a node at the same endpoint).
    package func makeSystem(name: String, settings: MeshSettings = MeshSettings()) throws -> MeshSystem {
        var settings = settings
        switch kind {
        case .memory:
            guard let network, let manualClock else {
                throw MeshError(.invalidConfiguration, "memory cluster without network")
            }
            settings.clock = manualClock
            return try MeshSystem(transport: InMemoryTransport(name: name, network: network), settings: settings)
        case .inproc:
            return try MeshSystem(
                transport: ZeroMQTransport(
                    bind: name.hasPrefix("inproc://") ? name : "inproc://\(name)-\(UInt32.random(in: 0...UInt32.max))"),
                settings: settings)
        case .tcp:
            return try MeshSystem(
                transport: ZeroMQTransport(bind: name.hasPrefix("tcp://") ? name : "tcp://127.0.0.1:0"),
                settings: settings)
        }
    }

    /// An endpoint where no node runs (calls to it can only time out).
    package var deadEndpoint: String {
        switch kind {
        case .memory: return "mem://nobody-\(UInt32.random(in: 0...UInt32.max))"
        case .inproc: return "inproc://nobody-\(UInt32.random(in: 0...UInt32.max))"
        case .tcp: return "tcp://127.0.0.1:1"  // a privileged port nothing listens on here
        }
    }

    /// A new system bound at `old`'s endpoint, after `old` has been shut down: a restarted node.
    package func restart(_ old: MeshSystem, settings: MeshSettings = MeshSettings()) throws -> MeshSystem {
        old.shutdown()
        switch kind {
        case .memory, .inproc, .tcp:
            return try makeSystem(name: old.endpoint, settings: settings)
        }
    }

    /// Lets `duration` pass: advances the manual clock, or sleeps for real.
    package func passTime(_ duration: Duration) async {
        if let manualClock {
            // Give tasks that are about to sleep on the clock a moment to register first.
            _ = await eventually(within: .milliseconds(200)) { manualClock.sleeperCount > 0 }
            manualClock.advance(by: duration)
        } else {
            try? await Task.sleep(for: duration)
        }
    }

    package func shutdown() {
        for system in systems { system.shutdown() }
    }
}
