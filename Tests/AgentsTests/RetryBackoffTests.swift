import Agents
import FedActorsTesting
import Foundation
import Testing

/// The pause between LLM retries: exponential, capped, jittered within its stated band, and
/// actually taken by the client between attempts (through an injected pause, so nothing sleeps).
@Suite struct RetryBackoffTests {
    @Test func delaysDoubleUpToTheCapAndJitterStaysInItsBand() {
        let backoff = RetryBackoff(initialSeconds: 0.5, maximumSeconds: 4, jitter: 0.5)
        let ceilings = [0.5, 1, 2, 4, 4, 4]
        for (i, ceiling) in ceilings.enumerated() {
            let retry = i + 1
            #expect(backoff.delay(beforeRetry: retry, unit: 0) == ceiling)
            for unit in [0.0, 0.25, 0.5, 0.999] {
                let d = backoff.delay(beforeRetry: retry, unit: unit)
                #expect(d <= ceiling && d >= ceiling * 0.5, "retry \(retry), unit \(unit): \(d)")
            }
        }
        #expect(backoff.delay(beforeRetry: 1_000, unit: 0.3) <= 4, "huge retry numbers stay capped")
    }

    @Test func badSettingsAreClamped() {
        let backoff = RetryBackoff(initialSeconds: -1, maximumSeconds: .nan, jitter: 7)
        #expect(backoff.initialSeconds == 0 && backoff.maximumSeconds == 0 && backoff.jitter == 1)
        #expect(RetryBackoff.none.delay(beforeRetry: 3, unit: 0.9) == 0)
        #expect(RetryBackoff().delay(beforeRetry: 2, unit: .infinity) >= 0)
    }

    @Test func worstCaseIsEveryAttemptTimingOutWithTheLongestPauses() {
        let config = ChatConfig(
            baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutSeconds: 10, attempts: 3,
            backoff: RetryBackoff(initialSeconds: 0.5, maximumSeconds: 8, jitter: 0.5))
        #expect(abs(config.worstCaseSeconds - (30 + 0.5 + 1)) < 1e-9)
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: 4, attempts: 1).worstCaseSeconds == 4)
    }

    @Test func clientPausesBetweenRetriesOnly() async throws {
        let server = try LoopbackHTTPServer(replies: [.status(500, "{}")])
        defer { server.stop() }
        let recorder = PauseRecorder(unit: 0.5)
        let backoff = RetryBackoff(initialSeconds: 0.2, maximumSeconds: 0.5, jitter: 0.5)
        let client = ChatClient(
            config: ChatConfig(
                baseURL: server.baseURL, model: "m", timeoutSeconds: 2, attempts: 4, backoff: backoff,
                failuresBeforeExpert: 10), pause: recorder.pause)

        let outcome = await client.ask(system: "s", user: "u", schema: nil) { $0 }

        // 4 attempts, 3 pauses: 0.2, 0.4, then the cap 0.5, each with a quarter taken off by jitter 0.5 × unit 0.5.
        #expect(outcome.usage.calls == 4)
        let expected = [0.15, 0.3, 0.375]
        #expect(recorder.recorded.count == expected.count)
        #expect(zip(recorder.recorded, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(recorder.recorded)")
        #expect(outcome.backoffSeconds == recorder.recorded)
    }
}
