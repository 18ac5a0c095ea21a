import Glibc

/// A non-blocking pipe that wakes the I/O thread out of zmq_poll: writers ring it, the poller reads it.
struct WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() throws(TransportError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw TransportError(.io, "pipe() failed (errno \(errno)): the process is out of file descriptors")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Makes the read end readable. A full pipe already is, so a failed write loses nothing.
    func ring() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }

    func close() {
        _ = Glibc.close(readFD)
        _ = Glibc.close(writeFD)
    }
}
