import ArgumentParser
import Federation
import Foundation

/// `fedactors watch`: follows a run's event stream (`run --events FILE`) from another terminal.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract:
            "Follow a run's events file (written by `run --events FILE` or `launch --events FILE`) as the run goes.",
        discussion: """
            On a terminal it draws a live view: the run's progress with an ETA, the round under way \
            (clients answered of invited, seconds in), accuracy and bytes so far, the last round's \
            clients, the nodes and the stragglers, and the latest events. When \
            standard output is not a terminal (or with --plain) it prints one line per round, node \
            change, checkpoint and the run's end. It waits for the file to appear and follows it until \
            the run ends (Ctrl-C to stop earlier); --no-follow reads what the file holds and exits.
            """)

    @Argument(help: "The events file.")
    var events: String

    @Flag(help: "Print plain lines even on a terminal.")
    var plain = false

    @Flag(help: "Read what the file holds now and exit, instead of following it until the run ends.")
    var noFollow = false

    @Option(help: "With following: give up after this many seconds without a new event (0: never).")
    var idleTimeout: Double = 0

    func validate() throws {
        guard idleTimeout >= 0, idleTimeout.isFinite else {
            throw ValidationError("--idle-timeout must be 0 or more seconds")
        }
    }

    func run() async throws {
        let live = !plain && isatty(STDOUT_FILENO) == 1
        var watch = RunWatch()
        var reader = EventFileReader(path: events)
        let clock = ContinuousClock()
        var lastNews = clock.now, lastDraw = clock.now
        // The run's clock (seconds since it started) as of the last event read, to tell how long the
        // round under way has taken between events.
        var lastEventSeconds = 0.0
        while true {
            let batch: [RunEvent]
            do {
                batch = try reader.next()
            } catch {
                throw CommandFailure(error.message)
            }
            for event in batch {
                let lines = watch.apply(event)
                lastEventSeconds = max(lastEventSeconds, event.seconds)
                if !live { for line in lines { printLive(line) } }
            }
            if !batch.isEmpty { lastNews = clock.now }
            // Redraw on news, and every second while a round is under way (its seconds and ETA move).
            if live, !batch.isEmpty || (watch.current != nil && clock.now - lastDraw >= .seconds(1)) {
                draw(watch, at: lastEventSeconds + (clock.now - lastNews).seconds)
                lastDraw = clock.now
            }
            if watch.ended || noFollow { break }
            if idleTimeout > 0, clock.now - lastNews > .seconds(idleTimeout) {
                throw CommandFailure(
                    "no new event in \(events) for \(idleTimeout) s: the run may have died without ending")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        if noFollow, !reader.sawFile { throw CommandFailure("\(events) does not exist") }
    }

    /// Clears the terminal and draws the view as of `now` (seconds since the run started).
    private func draw(_ watch: RunWatch, at now: Double) {
        var size = winsize()
        let width = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 100
        printLive("\u{1B}[H\u{1B}[J" + watch.screen(width: width, at: now).joined(separator: "\n"))
    }
}

/// Reads the events a file gains, a whole line at a time (a line still being written waits for its
/// newline), from where the last read stopped.
struct EventFileReader {
    let path: String
    private var offset: UInt64 = 0
    private var partial = Data()
    private(set) var sawFile = false
    private let decoder: JSONDecoder

    init(path: String) {
        self.path = path
        decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    }

    /// The events written since the last call (none while the file does not exist yet).
    mutating func next() throws(FederationError) -> [RunEvent] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        sawFile = true
        defer { try? handle.close() }
        let data: Data
        do {
            try handle.seek(toOffset: offset)
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw FederationError(.invalidSetting, "cannot read \(path): \(error.localizedDescription)")
        }
        offset += UInt64(data.count)
        partial.append(data)
        var events: [RunEvent] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            let line = partial[partial.startIndex..<newline]
            partial.removeSubrange(partial.startIndex...newline)
            guard !line.isEmpty else { continue }
            do {
                events.append(try decoder.decode(RunEvent.self, from: Data(line)))
            } catch {
                throw FederationError(
                    .invalidSetting,
                    """
                    \(path) holds a line that is not a FedActors run event (written by `run --events`?): \
                    \(String(decoding: line.prefix(80), as: UTF8.self))
                    """
                )
            }
        }
        return events
    }
}
