/// The `ssh` command line that starts an `ssh` host's node, as a value (tested without a network).
///
/// Options, and why:
/// - `-T`: no terminal. The node's standard input is the ssh channel, so when the session ends (the
///   run stops the ssh client, or the connection drops and ssh exits) the node reads end-of-file and
///   stops: no node outlives its run.
/// - `BatchMode=yes`: never ask for a password or passphrase; fail instead of hanging.
/// - `StrictHostKeyChecking=yes`: a host whose key is not known, or has changed, is refused, never
///   trusted silently (put its key in `known_hosts`, or connect once by hand).
/// - `ConnectTimeout=10`, `ServerAliveInterval=5`, `ServerAliveCountMax=3`: a host that does not
///   answer fails in seconds, and a session whose connection dies ends within ~15 s.
/// - `LogLevel=ERROR`: ssh's warnings do not mix with the node's output; its errors still show.
/// - `IdentitiesOnly=yes` with `identity`: only that key is offered (an agent's many keys can exhaust
///   the server's tries).
///
/// The run token is never on a command line (of ssh here, or of the node there): ssh's standard
/// input carries it as the first line, the remote shell reads it into `FEDACTORS_RUN_TOKEN` (which
/// the node reads) and the node then watches the rest of that input for its end. So the remote
/// login shell must be a POSIX shell (sh, bash, dash, zsh).
package struct SSHCommand: Sendable, Equatable {
    package let target: SSHTarget
    /// What the node binds there.
    package let bind: String
    /// The mesh key's path there, when the run uses CurveZMQ.
    package let meshKey: String?

    package init(target: SSHTarget, bind: String, meshKey: String? = nil) {
        self.target = target
        self.bind = bind
        self.meshKey = meshKey
    }

    /// The options every ssh call of the launcher uses, with `connectTimeout` seconds to connect.
    package func options(connectTimeout: Int = 10) -> [String] {
        var words = [
            "-T", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=\(connectTimeout)",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
        ]
        if let port = target.port { words += ["-p", String(port)] }
        if let identity = target.identity { words += ["-i", identity, "-o", "IdentitiesOnly=yes"] }
        if let knownHosts = target.knownHosts { words += ["-o", "UserKnownHostsFile=\(knownHosts)"] }
        return words
    }

    /// The arguments of `ssh` that start the node.
    package var arguments: [String] { options() + ["--", target.address, remoteCommand] }

    /// The arguments of `ssh` that only log in and run `true`: whether the host can be reached at all.
    package func probeArguments(connectTimeout: Int) -> [String] {
        options(connectTimeout: connectTimeout) + ["--", target.address, "true"]
    }

    /// The command the remote shell runs: read the token from the first line of input, then become
    /// `fedactors node`.
    package var remoteCommand: String {
        var node = [target.fedactors, "node", "--bind", bind]
        if let meshKey { node += ["--curve-mesh-key", meshKey] }
        var steps = target.workdir.map { ["cd \(Self.quoted($0))"] } ?? []
        steps += [
            "read -r \(RunLauncher.runTokenVariable)", "export \(RunLauncher.runTokenVariable)",
            "exec " + node.map(Self.quoted).joined(separator: " "),
        ]
        return steps.joined(separator: " && ")
    }

    /// What the launcher writes to ssh's standard input first: the token, one line.
    package static func input(runToken: String) -> String { runToken + "\n" }

    /// `word` as a shell would need it to be typed: as it is when it holds only letters, digits and
    /// `-_./:=@,+%`, else ``quoted(_:)``.
    package static func shown(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=@,+%".contains($0) }
        return plain ? word : quoted(word)
    }

    /// `word` as one word for a POSIX shell: in single quotes, each `'` written `'\''`.
    package static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
