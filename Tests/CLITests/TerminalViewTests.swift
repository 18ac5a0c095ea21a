import FedActorsTesting
import Federation
import Foundation
import Testing

/// What a person sees on a terminal: `run`'s progress line within each round and `watch`'s live view
/// following a run, each given a pseudo-terminal by util-linux's `script`.
@Suite(.serialized) struct TerminalViewTests {
    /// `script` running `arguments` (fedactors' own) on a pseudo-terminal; its output is what the terminal got.
    static func onTerminal(_ arguments: [String]) throws -> LiveCommand {
        let fedactors = try Executables.url("fedactors").path
        let command = ([fedactors] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        return try LiveCommand(
            executable: URL(fileURLWithPath: "/usr/bin/script"), ["-q", "-f", "-e", "-c", command, "/dev/null"])
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func onATerminalRunShowsEachRoundsProgressAndReplacesItWithTheRoundsLine() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let run = try Self.onTerminal([
            "run", topology, "--rounds", "3", "--output", dir.appendingPathComponent("r.json").path,
        ])
        #expect(await run.wait(within: .seconds(120)) == 0, "stderr: \(run.stderr)")
        let screen = run.stdout.joined(separator: "\n")
        let report = try RunReport.load(from: Data(contentsOf: dir.appendingPathComponent("r.json")))
        for r in report.rounds {
            // Drawn at the line's start over the previous one, then erased before the round's own line.
            #expect(
                screen.contains("\r\u{1B}[Kround \(r.round)/3: 0/\(r.invited.count) answered"),
                "\(screen.debugDescription)")
            #expect(
                screen.contains("\r\u{1B}[K" + RunReport.consoleLine(r))
                    || screen.contains("\r\u{1B}[K\(RunReport.consoleHeader)"), "\(screen.debugDescription)")
        }
        #expect(screen.contains(" answered, ") && screen.contains(" s in"))
        // From round 2 on, the pace of the rounds so far gives an ETA.
        #expect(
            screen.contains("\r\u{1B}[Kround 2/3: ")
                && screen.range(
                    of: #"round [23]/3: \d+/\d+ answered[^\r\n]*, about \d+ s left"#, options: .regularExpression)
                    != nil
        )
    }

    @Test func watchDrawsALiveViewOfARunOnATerminal() async throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("run.jsonl"), json = dir.appendingPathComponent("r.json")
        let topology = RunCommandTests.repoRoot.appendingPathComponent("Topologies/cross-device-15.yaml").path
        let watch = try Self.onTerminal(["watch", events.path, "--idle-timeout", "90"])
        try await Task.sleep(for: .milliseconds(300))
        let run = try LiveCommand(["run", topology, "--rounds", "3", "--output", json.path, "--events", events.path])
        #expect(await run.wait(within: .seconds(120)) == 0, "stderr: \(run.stderr)")
        #expect(await watch.wait(within: .seconds(30)) == 0, "stderr: \(watch.stderr)")
        let screen = watch.stdout.joined(separator: "\n")
        let report = try RunReport.load(from: Data(contentsOf: json))
        // Whole-screen redraws, a round under way seen at least once, and the last screen's summary.
        #expect(screen.components(separatedBy: "\u{1B}[H\u{1B}[J").count > 4, "\(screen.debugDescription)")
        #expect(
            screen.range(of: #"now: round [123]/3: \d+/\d+ answered"#, options: .regularExpression) != nil,
            "\(screen.debugDescription)")
        let last = try #require(screen.components(separatedBy: "\u{1B}[H\u{1B}[J").last)
        #expect(
            last.contains("cross-device-15  round 3 of 3  [##############################]  ended"),
            "\(last.debugDescription)")
        #expect(last.contains(String(format: "accuracy %.4f", report.finalAccuracy ?? -1)), "\(last.debugDescription)")
        #expect(
            last.contains(String(format: "run ended after 3 rounds, final accuracy %.4f", report.finalAccuracy ?? -1)),
            "\(last.debugDescription)")
    }
}
