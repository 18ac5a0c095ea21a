@testable import ActorMesh
import Testing

/// The run membership state machine alone: no sockets, time passed by hand.
@Suite struct RunMembershipTests {
    let run = RunToken(high: 1, low: 2)
    let other = RunToken(high: 3, low: 4)
    let control: Set<String> = ["node", "federation/client-host"]
    let coordinator: UInt64 = 11, stranger: UInt64 = 22

    func code(_ decision: RunMembership.Decision) -> MeshError.Code? {
        if case .refuse(let error) = decision { return error.code }
        return nil
    }

    @Test func aBoundNodeServesOnlyItsRunAndControlOnlyFromItsFirstController() {
        var m = RunMembership(token: run, controlPaths: control, lease: .seconds(600))
        #expect(m.token == run)
        // Another run, or no run: refused, on any path.
        #expect(code(m.admit(token: other, sender: coordinator, path: "node", now: .zero)) == .foreignRun)
        #expect(code(m.admit(token: .none, sender: coordinator, path: "clients/1", now: .zero)) == .foreignRun)
        // A member's ordinary call does not make it the coordinator.
        #expect(m.admit(token: run, sender: stranger, path: "clients/1", now: .zero) == .admit)
        // The first control call with the token does; another incarnation is refused afterwards.
        #expect(m.admit(token: run, sender: coordinator, path: "federation/client-host", now: .zero) == .admit)
        #expect(code(m.admit(token: run, sender: stranger, path: "node", now: .zero)) == .notCoordinator)
        #expect(m.admit(token: run, sender: coordinator, path: "node", now: .zero) == .admit)
        // Bound for life: no lease, no release.
        let releasedBound = m.release()
        #expect(!releasedBound)
        #expect(code(m.admit(token: other, sender: stranger, path: "node", now: .seconds(100_000))) == .foreignRun)
        #expect(m.phase == .bound(run, coordinator: coordinator))
    }

    @Test func anOpenNodeIsClaimedByTheFirstControlCallWithAToken() {
        var m = RunMembership(token: nil, controlPaths: control, lease: .seconds(600))
        #expect(m.phase == .open)
        #expect(m.token == .none)
        // Calls without a run are served as before runs had identities; so are ordinary calls with one.
        #expect(m.admit(token: .none, sender: stranger, path: "node", now: .zero) == .admit)
        #expect(m.admit(token: other, sender: stranger, path: "clients/1", now: .zero) == .admit)
        #expect(m.phase == .open)
        // A control call with a token claims the node for that run.
        #expect(m.admit(token: run, sender: coordinator, path: "node", now: .seconds(1)) == .admitNewRun)
        #expect(m.token == run)
        #expect(code(m.admit(token: .none, sender: stranger, path: "node", now: .seconds(2))) == .foreignRun)
        #expect(code(m.admit(token: other, sender: stranger, path: "node", now: .seconds(2))) == .foreignRun)
        #expect(code(m.admit(token: run, sender: stranger, path: "node", now: .seconds(2))) == .notCoordinator)
        #expect(m.admit(token: run, sender: stranger, path: "clients/1", now: .seconds(2)) == .admit)
        // The coordinator's release opens it again for the next run.
        let released = m.release()
        #expect(released)
        #expect(m.phase == .open)
        #expect(m.admit(token: other, sender: stranger, path: "node", now: .seconds(3)) == .admitNewRun)
        #expect(m.token == other)
    }

    @Test func aClaimedNodeIsFreeAgainAfterAQuietLease() {
        var m = RunMembership(token: nil, controlPaths: control, lease: .seconds(600))
        #expect(m.admit(token: run, sender: coordinator, path: "node", now: .zero) == .admitNewRun)
        // Each call of the run renews the lease.
        #expect(m.admit(token: run, sender: stranger, path: "clients/1", now: .seconds(599)) == .admit)
        #expect(code(m.admit(token: other, sender: stranger, path: "node", now: .seconds(1198))) == .foreignRun)
        // A refused call does not renew it: 600 s after the run's last call the node is open.
        #expect(m.admit(token: other, sender: stranger, path: "node", now: .seconds(1199)) == .admitNewRun)
        #expect(m.phase == .claimed(other, coordinator: stranger, lastCall: .seconds(1199)))
    }

    @Test func refusalsSayWhatToDoAndDoNotNameTheNodesToken() {
        var m = RunMembership(token: run, controlPaths: control, lease: .seconds(600))
        guard case .refuse(let error) = m.admit(token: other, sender: stranger, path: "node", now: .zero) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.message.contains("another run"))
        #expect(error.message.contains("dial the nodes your own run started"))
        #expect(!error.message.contains(run.description))
    }

    @Test func tokensPrintParseAndRefuseBadText() throws {
        let token = RunToken.random()
        #expect(!token.isNone)
        #expect(token.description.count == 32)
        #expect(try RunToken(parsing: token.description) == token)
        #expect(try RunToken(parsing: token.description.uppercased()) == token)
        #expect(RunToken(high: 0xAB, low: 1).description == "00000000000000ab0000000000000001")
        #expect(RunToken.random() != token)
        for bad in [
            "", "abc", String(repeating: "g", count: 32), String(repeating: "0", count: 33),
            "é" + String(repeating: "0", count: 30),
        ] {
            #expect(throws: MeshError.self) { try RunToken(parsing: bad) }
        }
        do {
            _ = try RunToken(parsing: "xyz")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.contains("32 hex digits"))
        }
    }
}
