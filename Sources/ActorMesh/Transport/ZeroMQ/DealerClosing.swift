/// The order a peer's DEALER and its monitor are closed in. Monitoring stops first: libzmq's I/O
/// thread sends monitor events blocking, so an event sent after our end of the monitor closed (the
/// peer dropping the connection at that moment) would stall that thread, and every TCP connection
/// of the shared context with it. Then our end of the monitor closes, then the DEALER.
enum DealerClosing {
    enum Step: Equatable {
        /// zmq_socket_monitor(dealer, NULL): libzmq sends no more events. A failure is logged and
        /// the next steps still run.
        case stopMonitoring
        /// Close our PAIR end of the monitor.
        case closeMonitor
        case closeDealer
    }

    /// The steps for a DEALER with or without a monitor.
    static func steps(monitored: Bool) -> [Step] {
        monitored ? [.stopMonitoring, .closeMonitor, .closeDealer] : [.closeDealer]
    }
}
