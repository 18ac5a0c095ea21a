/// How long one client's round takes in virtual time: download the model, train, upload the update.
///
/// `download = latency + bytesDown / downBandwidth`, `compute = FLOPs / speed`,
/// `upload = latency + bytesUp / upBandwidth`. The simulator never waits for these durations: clients
/// answer as fast as the machine computes, and the server compares these virtual times with the
/// round deadline to decide who straggled.
package struct VirtualTiming: Codable, Sendable, Equatable {
    package var downloadSeconds: Double
    package var computeSeconds: Double
    package var uploadSeconds: Double

    package var totalSeconds: Double { downloadSeconds + computeSeconds + uploadSeconds }

    package init(downloadSeconds: Double, computeSeconds: Double, uploadSeconds: Double) {
        self.downloadSeconds = downloadSeconds
        self.computeSeconds = computeSeconds
        self.uploadSeconds = uploadSeconds
    }

    /// The timing of a round that moved `bytesDown`/`bytesUp` and computed `flops` on `profile`.
    package init(profile: ClientProfile, flops: Double, bytesDown: Int, bytesUp: Int) {
        downloadSeconds = profile.link.latencySeconds + Double(bytesDown) / profile.link.downBytesPerSecond
        computeSeconds = flops / profile.device.flopsPerSecond
        uploadSeconds = profile.link.latencySeconds + Double(bytesUp) / profile.link.upBytesPerSecond
    }
}
