import Federation

/// What a placed server tells the process that drives its run, in order: the run's events as they
/// happen, the lines the driver prints above them, and at the end the report or why the run failed.
package enum RunNews: Codable, Sendable, Equatable {
    /// Events of the run (rounds, clients' answers, nodes, checkpoints), as the server made them.
    case events([RunEvent])
    /// A line to print (a resume, a node restarted).
    case announce(String)
    /// The run ended (completed or interrupted) with this report.
    case ended(RunReport)
    /// The run failed: why.
    case failed(String)

    /// Whether this is the run's last news.
    package var isFinal: Bool {
        switch self {
        case .ended, .failed: true
        case .events, .announce: false
        }
    }
}

/// One piece of news on the wire, numbered from 1 in the order the server made them, so the driver
/// takes each once and in order whatever a resend does.
package struct NewsMessage: Codable, Sendable, Equatable {
    package var sequence: Int
    package var news: RunNews

    package init(sequence: Int, news: RunNews) {
        self.sequence = sequence
        self.news = news
    }
}
