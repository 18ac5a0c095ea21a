/// Polls `condition` until it holds or `within` has passed; returns whether it held. For asynchronous
/// assertions without fixed sleeps: `#expect(await eventually { ledger.total(.sent).messages == 2 })`.
package func eventually(
    within timeout: Duration = .seconds(5), every interval: Duration = .milliseconds(5),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
