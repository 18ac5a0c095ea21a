import Agents
import FedActorsTesting
import Foundation
import Testing

/// The chat-completions client against a loopback server: every scripted misbehaviour ends in a
/// bounded outcome (a value or the failures), never a crash or a hang.
@Suite struct ChatClientTests {
    struct Answer: Decodable, Sendable { var strategy: String }
    struct NotAnAnswer: Error, CustomStringConvertible { var description: String }

    static let validate: @Sendable (String) throws -> String = { text in
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(text.utf8)) else {
            throw NotAnAnswer(description: "expected {\"strategy\": <name>}")
        }
        return answer.strategy
    }

    func ask(_ replies: [LoopbackHTTPServer.Reply], timeout: Double = 5, attempts: Int = 3) async throws -> (
        ChatOutcome<String>, [String]
    ) {
        let server = try LoopbackHTTPServer(replies: replies)
        defer { server.stop() }
        let client = ChatClient(
            config: ChatConfig(baseURL: server.baseURL, model: "test", timeoutSeconds: timeout, attempts: attempts))
        let outcome = await client.ask(
            system: "Pick a strategy.", user: "10 phones", schema: ["type": "object"], validate: Self.validate)
        return (outcome, server.requests)
    }

    @Test func validJSONIsAcceptedAndTokensCounted() async throws {
        let (outcome, requests) = try await ask([
            .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedprox"}"#))
        ])
        #expect(outcome.value == "fedprox")
        #expect(outcome.usage.calls == 1 && outcome.usage.tokens == 18)
        #expect(requests.first?.contains("json_schema") == true)
    }

    @Test func invalidThenValidFeedsTheErrorBack() async throws {
        let (outcome, requests) = try await ask([
            .status(200, LoopbackHTTPServer.completion("I think FedProx")),
            .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedavg"}"#)),
        ])
        #expect(outcome.value == "fedavg")
        #expect(outcome.usage.calls == 2)
        #expect(outcome.failures.map(\.kind) == [.invalidAnswer])
        #expect(requests.count == 2 && requests[1].contains("rejected"))
    }

    /// A server that never answers: the client gives up on its own, with the timeout error, after
    /// the server has its request; the reply is still held when the client returns. The time limit
    /// is only a safety net against a hang.
    @Test(.timeLimit(.minutes(1))) func aServerThatNeverAnswersEndsInTheTimeoutError() async throws {
        let server = try LoopbackHTTPServer(replies: [.unanswered])
        defer { server.stop() }
        let client = ChatClient(
            config: ChatConfig(baseURL: server.baseURL, model: "test", timeoutSeconds: 2, attempts: 1))
        let outcome = await client.ask(
            system: "Pick a strategy.", user: "10 phones", schema: ["type": "object"], validate: Self.validate)
        #expect(outcome.value == nil)
        #expect(outcome.failures.map(\.kind) == [.timeout])
        #expect(
            outcome.failures.first?.message.contains("no answer from \(server.baseURL)/chat/completions within 2")
                == true,
            "\(outcome.failures)")
        #expect(await eventually { server.requests.count == 1 }, "the server never had the request")
        #expect(server.requests.first?.contains("10 phones") == true)
    }

    @Test func http500IsRetriedThenGivenUp() async throws {
        let (outcome, requests) = try await ask([.status(500, #"{"error": "boom"}"#)], attempts: 2)
        #expect(outcome.value == nil)
        #expect(outcome.failures.map(\.kind) == [.http, .http])
        #expect(requests.count == 2)
    }

    @Test func serverRefusingTheSchemaIsAskedAgainWithoutIt() async throws {
        let (outcome, requests) = try await ask([
            .status(400, #"{"error": "response_format json_schema is not supported"}"#),
            .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedavg"}"#)),
        ])
        #expect(outcome.value == "fedavg")
        #expect(requests.count == 2 && requests[0].contains("json_schema") && !requests[1].contains("json_schema"))
        #expect(requests[1].contains("json_object"), "the schema goes along as llama-cpp-python's json_object")
        #expect(
            outcome.messages.contains {
                $0.role == "error" && $0.content.contains("asking again with response_format json_object")
            })
    }

    @Test func aRefusedFormatIsNotTriedAgainOnLaterQuestions() async throws {
        let server = try LoopbackHTTPServer(replies: [
            .status(400, #"{"error": "response_format json_schema is not supported"}"#),
            .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedavg"}"#)),
        ])
        defer { server.stop() }
        let client = ChatClient(
            config: ChatConfig(baseURL: server.baseURL, model: "test", timeoutSeconds: 5, attempts: 2, backoff: .none))

        _ = await client.ask(
            system: "Pick a strategy.", user: "first", schema: ["type": "object"], validate: Self.validate)
        let second = await client.ask(
            system: "Pick a strategy.", user: "second", schema: ["type": "object"], validate: Self.validate)

        #expect(second.value == "fedavg" && second.usage.calls == 1)
        #expect(
            server.requests.count == 3 && server.requests[2].contains("json_object")
                && !server.requests[2].contains("json_schema"))
    }

    @Test func serverRefusingEveryFormatIsAskedWithThePromptAlone() async throws {
        let refusal = LoopbackHTTPServer.Reply.status(
            500, #"{"error": {"message": "body.response_format.type: input should be 'text'"}}"#)
        let (outcome, requests) = try await ask([
            refusal, refusal, .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedprox"}"#)),
        ])
        #expect(outcome.value == "fedprox")
        #expect(requests.count == 3 && !requests[2].contains("response_format"))
    }

    @Test func aPlain500IsNotTakenForARefusedFormat() async throws {
        let (_, requests) = try await ask([.status(500, #"{"error": "overloaded"}"#)], attempts: 2)
        #expect(requests.count == 2 && requests.allSatisfy { $0.contains("json_schema") })
    }

    @Test func garbageIsAFailureNotACrash() async throws {
        let (outcome, _) = try await ask(
            [.garbage("\u{1}\u{2}not http at all\r\n\r\n"), .status(200, "{not json")], attempts: 2)
        #expect(outcome.value == nil)
        #expect(outcome.failures.count == 2)
        #expect(!outcome.failures.contains { $0.kind == .invalidAnswer })
    }

    @Test func configComesFromTheEnvironment() throws {
        #expect(try ChatConfig.fromEnvironment([:]) == nil)
        let config = try ChatConfig.fromEnvironment([
            "FEDACTORS_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "FEDACTORS_LLM_MODEL": "smol",
            "FEDACTORS_LLM_TIMEOUT": "5",
        ])
        #expect(config?.model == "smol" && config?.timeoutSeconds == 5 && config?.apiKey == nil)
        // Spaces around the number are ignored; an empty value means unset (the default 60 s).
        let spaced = try ChatConfig.fromEnvironment([
            "FEDACTORS_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "FEDACTORS_LLM_TIMEOUT": " 7 ",
        ])
        #expect(spaced?.timeoutSeconds == 7)
        for empty in ["", "  "] {
            let unset = try ChatConfig.fromEnvironment([
                "FEDACTORS_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "FEDACTORS_LLM_TIMEOUT": empty,
            ])
            #expect(unset?.timeoutSeconds == 60)
        }
    }

    @Test(arguments: ["nan", "inf", "1e300", "86401", "0", "-5", "five"])
    func aTimeoutThatIsNotSecondsWithinADayIsRefused(timeout: String) {
        do {
            let config = try ChatConfig.fromEnvironment([
                "FEDACTORS_LLM_BASE_URL": "http://127.0.0.1:8080/v1", "FEDACTORS_LLM_TIMEOUT": timeout,
            ])
            Issue.record("FEDACTORS_LLM_TIMEOUT=\(timeout) was accepted as \(config?.timeoutSeconds ?? 0) s")
        } catch {
            #expect(error.kind == .configuration)
            #expect(
                error.message.contains("FEDACTORS_LLM_TIMEOUT is '\(timeout)'")
                    && error.message.contains("at most 86400"), "\(error.message)")
        }
    }

    @Test func aConfiguredTimeoutIsHeldWithinAMillisecondAndADay() {
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: 1e300).timeoutSeconds == 86_400)
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: .infinity).timeoutSeconds == 86_400)
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: -1).timeoutSeconds == 0.001)
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: .nan).timeoutSeconds == 60)
        #expect(ChatConfig(baseURL: "x", model: "m", timeoutSeconds: 1e300, attempts: 10).worstCaseSeconds.isFinite)
    }

    /// A timeout set after the configuration was made reaches the request unchecked: each request
    /// fails with a configuration error, none is sent, nothing traps.
    @Test(arguments: [Double.nan, 1e300, -1])
    func anUnusableTimeoutSetLaterIsAFailureNotACrash(timeout: Double) async throws {
        let server = try LoopbackHTTPServer(replies: [
            .status(200, LoopbackHTTPServer.completion(#"{"strategy": "fedprox"}"#))
        ])
        defer { server.stop() }
        var config = ChatConfig(baseURL: server.baseURL, model: "test", attempts: 2, backoff: .none)
        config.timeoutSeconds = timeout
        let outcome = await ChatClient(config: config).ask(
            system: "Pick a strategy.", user: "10 phones", validate: Self.validate)
        #expect(outcome.value == nil)
        #expect(outcome.failures.map(\.kind) == [.configuration, .configuration])
        #expect(outcome.failures.first?.message.contains("FEDACTORS_LLM_TIMEOUT") == true)
        #expect(server.requests.isEmpty)
    }

    /// A server's token counts are its word: the largest Int twice, or a negative one, must neither
    /// trap nor make the run's usage meaningless.
    @Test func tokenCountsAreHeldWithinInt32AndSummedWithoutOverflow() async throws {
        let (outcome, _) = try await ask(
            [
                .status(
                    200, LoopbackHTTPServer.completion("I think FedProx", promptTokens: .max, completionTokens: -5)),
                .status(
                    200,
                    LoopbackHTTPServer.completion(#"{"strategy": "fedavg"}"#, promptTokens: .max, completionTokens: 7)),
            ], attempts: 2)
        #expect(outcome.value == "fedavg")
        #expect(outcome.usage.promptTokens == 2 * Int(Int32.max))
        #expect(outcome.usage.completionTokens == 7)
        #expect(outcome.usage.tokens == 2 * Int(Int32.max) + 7)
    }

    @Test func usagesSumWithoutOverflow() {
        var huge = ChatUsage()
        huge.calls = .max
        huge.promptTokens = .max
        huge.completionTokens = .max
        #expect(huge.tokens == .max)
        let sum = huge + huge
        #expect(sum.calls == .max && sum.promptTokens == .max && sum.completionTokens == .max && sum.tokens == .max)
        var small = ChatUsage()
        small.calls = 2
        small.promptTokens = 11
        #expect((small + small).calls == 4 && (small + small).tokens == 22)
    }
}
