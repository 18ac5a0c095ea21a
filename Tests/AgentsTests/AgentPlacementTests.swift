import Agents
import Testing

/// `--agents-on HOST[,ROLE=HOST…]` parsed into where each role lives.
@Suite struct AgentPlacementTests {
    @Test func theFirstHostTakesEveryRoleAndItemsMoveOne() throws {
        let placement = try AgentPlacement.parse("127.0.0.1:7001, planner=tcp://10.0.0.2:7002,evaluator=local")

        #expect(placement.host(for: .planner) == "tcp://10.0.0.2:7002")
        #expect(placement.host(for: .evaluator) == nil)
        #expect(placement.host(for: .coders) == "tcp://127.0.0.1:7001")
        #expect(placement.host(for: .humanGate) == nil, "the gate stays at the terminal")
        #expect(placement.hosts == ["tcp://10.0.0.2:7002", "tcp://127.0.0.1:7001"])
    }

    @Test func withoutTheOptionEveryRoleIsInThisProcess() {
        let placement = AgentPlacement()

        #expect(AgentRole.allCases.allSatisfy { placement.host(for: $0) == nil })
        #expect(placement.hosts.isEmpty)
    }

    @Test func localAsTheDefaultKeepsAllButTheNamedRoles() throws {
        let placement = try AgentPlacement.parse("local,debugger=[::1]:7003")

        #expect(placement.hosts == ["tcp://[::1]:7003"])
        #expect(placement.host(for: .planner) == nil)
    }

    @Test func anUnknownRoleIsRefusedListingTheRoles() {
        #expect {
            try AgentPlacement.parse("127.0.0.1:7001,planer=127.0.0.1:7002")
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown role \"planer\"") && text.contains("planner, reflector, human-gate")
        }
    }

    @Test func badItemsSayWhatIsAllowed() {
        let cases: [(String, String)] = [
            ("", "empty"), ("127.0.0.1:7001,", "empty"), ("planner=127.0.0.1:7001", "the first item is the node"),
            ("127.0.0.1:7001,127.0.0.1:7002", "is not ROLE=HOST"), ("127.0.0.1", "is not a node endpoint"),
            ("127.0.0.1:7001,coders=127.0.0.1:99999", "is not a node endpoint"),
            ("127.0.0.1:7001,human-gate=127.0.0.1:7002", "stays in this process"),
        ]
        for (text, said) in cases {
            #expect("\(String(describing: try? AgentPlacement.parse(text)))" == "nil", "\(text) parsed")
            do {
                _ = try AgentPlacement.parse(text)
            } catch {
                #expect("\(error)".contains(said), "\(text): \(error)")
            }
        }
    }
}
