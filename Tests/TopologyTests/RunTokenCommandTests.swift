import ActorMesh
import Testing
@testable import Topology

/// How a `command` host's command is given the run token.
@Suite struct RunTokenCommandTests {
    let token = RunToken(high: 1, low: 2)
    let exe = "/opt/fa/fedactors"

    @Test func commandsThatRunANodeGetTheTokenAppended() {
        let direct = RunLauncher.withRunToken([exe, "node", "--bind", "tcp://127.0.0.1:0"], token, executable: exe)
        #expect(direct == [exe, "node", "--bind", "tcp://127.0.0.1:0", "--run-token", token.description])
        let netns = RunLauncher.withRunToken(["ip", "netns", "exec", "h1", exe, "node"], token, executable: exe)
        #expect(netns.suffix(2) == ["--run-token", token.description])
        // ssh joins its words into one remote command line, which may be one word here.
        let ssh = RunLauncher.withRunToken(
            ["ssh", "b", "/x/fedactors node --bind tcp://10.0.0.2:7000"], token, executable: exe)
        #expect(ssh.suffix(2) == ["--run-token", token.description])
        #expect(RunLauncher.withRunToken(["ssh", "b", "fedactors", "node"], token, executable: exe).count == 6)
    }

    @Test func otherCommandsGetItOnlyInTheirEnvironment() {
        let wrapper = ["/usr/bin/start-worker", "--port", "7000"]
        #expect(RunLauncher.withRunToken(wrapper, token, executable: exe) == wrapper)
        // `node` must follow a fedactors word: another program's `node` subcommand is left alone.
        #expect(
            RunLauncher.withRunToken(["kubectl", "node", "x"], token, executable: exe) == ["kubectl", "node", "x"])
        #expect(RunLauncher.runTokenVariable == "FEDACTORS_RUN_TOKEN")
    }
}
