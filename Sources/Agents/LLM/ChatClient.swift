import Federation
import Foundation

/// Where and how to reach an OpenAI-compatible chat-completions server (llama.cpp's server, vLLM,
/// Ollama or a hosted API). From the environment: `FEDACTORS_LLM_BASE_URL` (e.g.
/// `http://127.0.0.1:8080/v1`), `FEDACTORS_LLM_MODEL`, `FEDACTORS_LLM_API_KEY` (optional),
/// `FEDACTORS_LLM_TIMEOUT` (seconds per request, more than 0 and at most a day, default 60),
/// `FEDACTORS_LLM_ATTEMPTS` (requests per question, default 3), `FEDACTORS_LLM_FAILURES_BEFORE_EXPERT`
/// (requests in a row without a reply after which the expert decides for the rest of the run, default 3).
package struct ChatConfig: Sendable, Equatable {
    /// The longest timeout per request: a day.
    package static let maxTimeoutSeconds = 86_400.0
    /// The shortest timeout per request: a millisecond, libcurl's unit.
    package static let minTimeoutSeconds = 0.001

    package var baseURL: String
    package var model: String
    package var apiKey: String?
    /// Seconds per request, within ``minTimeoutSeconds``...``maxTimeoutSeconds``.
    package var timeoutSeconds: Double
    /// Requests per question, the first included (1 to 10); each retry tells the model why the last answer failed.
    package var attempts: Int
    /// Ask for `response_format: json_schema` (servers that do not support it ignore or refuse it).
    package var useSchema: Bool
    /// The pause before each retry.
    package var backoff: RetryBackoff
    /// Requests in a row without a reply after which the endpoint is no longer asked (1 to 100).
    package var failuresBeforeExpert: Int

    package init(
        baseURL: String, model: String, apiKey: String? = nil, timeoutSeconds: Double = 60, attempts: Int = 3,
        useSchema: Bool = true,
        backoff: RetryBackoff = RetryBackoff(), failuresBeforeExpert: Int = 3
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        // Held within a millisecond and a day (not a number: the default), as attempts are held within 1...10.
        self.timeoutSeconds =
            timeoutSeconds.isNaN ? 60 : min(Self.maxTimeoutSeconds, max(Self.minTimeoutSeconds, timeoutSeconds))
        self.attempts = min(10, max(1, attempts))
        self.useSchema = useSchema
        self.backoff = backoff
        self.failuresBeforeExpert = min(100, max(1, failuresBeforeExpert))
    }

    /// The longest one question can take: every attempt timing out, with the longest pauses between.
    package var worstCaseSeconds: Double {
        Double(attempts) * timeoutSeconds
            + (1..<max(1, attempts)).reduce(0) { $0 + backoff.delay(beforeRetry: $1, unit: 0) }
    }

    /// The configuration the environment gives, or nil when `FEDACTORS_LLM_BASE_URL` is not set;
    /// a `FEDACTORS_LLM_TIMEOUT` that is not a number of seconds in range is refused, saying so
    /// (surrounding spaces are ignored; empty means unset).
    package static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws(ChatError)
        -> ChatConfig?
    {
        guard let base = env["FEDACTORS_LLM_BASE_URL"], !base.isEmpty else { return nil }
        var timeout = 60.0
        // Empty (or only spaces) counts as unset, as `FEDACTORS_LLM_TIMEOUT= fedactors …` means.
        if let raw = env["FEDACTORS_LLM_TIMEOUT"], case let text = raw.trimmingCharacters(in: .whitespaces),
            !text.isEmpty
        {
            guard let seconds = Double(text), seconds > 0, seconds <= maxTimeoutSeconds else {
                throw ChatError(
                    .configuration,
                    """
                    FEDACTORS_LLM_TIMEOUT is '\(text)': set it to the seconds one request may take, more than 0 and \
                    at most \(Int(maxTimeoutSeconds)) (e.g. 60), or unset it for the default 60
                    """
                )
            }
            timeout = seconds
        }
        return ChatConfig(
            baseURL: base, model: env["FEDACTORS_LLM_MODEL"] ?? "default", apiKey: env["FEDACTORS_LLM_API_KEY"],
            timeoutSeconds: timeout, attempts: env["FEDACTORS_LLM_ATTEMPTS"].flatMap(Int.init) ?? 3,
            failuresBeforeExpert: env["FEDACTORS_LLM_FAILURES_BEFORE_EXPERT"].flatMap(Int.init) ?? 3)
    }
}

/// The answer to one question: the validated value, or every failure on the way (never a crash),
/// with the whole conversation for the transcript.
package struct ChatOutcome<Value: Sendable>: Sendable {
    package var value: Value?
    package var failures: [ChatError]
    package var usage: ChatUsage
    /// Every message sent and every raw reply, in order; a request that got no reply adds an
    /// "error" message saying why.
    package var messages: [ChatMessage] = []
    /// The pause before each retry, in seconds (one fewer than the calls made).
    package var backoffSeconds: [Double] = []
}

/// An OpenAI-compatible chat-completions client over libcurl, with bounded retries that feed the
/// validation error back to the model and back off (``RetryBackoff``) between them.
package struct ChatClient: Sendable {
    package let config: ChatConfig
    /// How retries wait; `.sleeping` except in tests.
    package let pause: RetryPause
    private let formats = ResponseFormatMemory()
    let breaker: CircuitBreaker

    package init(config: ChatConfig, pause: RetryPause = .sleeping) {
        self.config = config
        self.pause = pause
        breaker = CircuitBreaker(threshold: config.failuresBeforeExpert)
    }

    /// Whether the endpoint is no longer asked (it failed ``ChatConfig/failuresBeforeExpert`` times in a row).
    package var endpointOff: Bool { breaker.isOpen }

    /// Asks `user` under `system`; `validate` turns the answer's text into a value or throws why it
    /// is unacceptable (that message goes back to the model on the next attempt). At most
    /// `config.attempts` requests, each within `config.timeoutSeconds`. A server that refuses the
    /// way the schema is attached is asked again in a plainer ``ResponseFormat``, and later questions
    /// start in it; the answer is validated all the same.
    package func ask<Value: Sendable>(
        system: String, user: String, schema: JSONValue? = nil, validate: @Sendable (String) throws -> Value
    ) async -> ChatOutcome<Value> {
        var messages = [ChatMessage(role: "system", content: system), ChatMessage(role: "user", content: user)]
        var outcome = ChatOutcome<Value>(value: nil, failures: [], usage: ChatUsage(), messages: messages)
        var format = formats.start(config.useSchema && schema != nil ? .jsonSchema : .none)
        for attempt in 0..<config.attempts {
            guard !breaker.isOpen else {
                outcome.failures.append(
                    ChatError(
                        .endpointOff,
                        """
                        \(config.baseURL) failed \(breaker.threshold) times in a row; it is not asked again in this \
                        run
                        """
                    ))
                return outcome
            }
            if attempt > 0 {
                let delay = config.backoff.delay(beforeRetry: attempt, unit: pause.unit())
                outcome.backoffSeconds.append(delay)
                if delay > 0 { await pause.sleep(delay) }
            }
            let started = ContinuousClock.now
            let result = await send(messages: messages, schema: schema, format: format)
            outcome.usage.calls += 1
            outcome.usage.seconds += (ContinuousClock.now - started).seconds
            switch result {
            case .failure(let error):
                if error.isNoReply { breaker.failed() } else { breaker.replied() }
                outcome.failures.append(error)
                var note = error.description
                if error.refusedFormat {
                    format = format.plainer
                    formats.remember(format)
                    note += " (asking again with \(format.name))"
                }
                outcome.messages.append(ChatMessage(role: "error", content: note))
            case .success(let reply):
                breaker.replied()
                outcome.usage.promptTokens = outcome.usage.promptTokens.addingSaturated(reply.promptTokens)
                outcome.usage.completionTokens = outcome.usage.completionTokens.addingSaturated(reply.completionTokens)
                do {
                    outcome.value = try validate(reply.content)
                    outcome.messages.append(ChatMessage(role: "assistant", content: reply.content))
                    return outcome
                } catch {
                    outcome.failures.append(ChatError(.invalidAnswer, "\(error)"))
                    let feedback = [
                        ChatMessage(role: "assistant", content: reply.content),
                        ChatMessage(
                            role: "user",
                            content:
                                """
                                That answer was rejected: \(error). Reply again with only the JSON object, fixing \
                                this.
                                """
                        ),
                    ]
                    messages += feedback
                    outcome.messages += feedback
                }
            }
        }
        return outcome
    }

    struct Reply: Sendable {
        var content: String
        var promptTokens: Int
        var completionTokens: Int
    }

    /// One request in `format`, run on a thread of its own (libcurl blocks) so the cooperative pool is not held.
    func send(messages: [ChatMessage], schema: JSONValue?, format: ResponseFormat) async -> Result<Reply, ChatError> {
        // The model sees a long earlier reply of its own only in part (the prompts go whole); the
        // transcript keeps every reply whole.
        let sent: [JSONValue] = messages.map {
            [
                "role": .string($0.role),
                "content": .string($0.role == "assistant" ? String($0.content.prefix(4000)) : $0.content),
            ]
        }
        var body: [String: JSONValue] = ["model": .string(config.model), "messages": .array(sent), "temperature": 0]
        switch (format, schema) {
        case (.jsonSchema, let schema?):
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": "answer", "schema": schema]]
        case (.jsonObject, let schema?): body["response_format"] = ["type": "json_object", "schema": schema]
        default: break
        }
        guard let data = try? JSONEncoder().encode(JSONValue.object(body)) else {
            return .failure(ChatError(.malformed, "the request could not be encoded as JSON"))
        }
        var headers = ["Content-Type: application/json"]
        if let key = config.apiKey, !key.isEmpty { headers.append("Authorization: Bearer \(key)") }
        let url =
            config.baseURL.hasSuffix("/") ? config.baseURL + "chat/completions" : config.baseURL + "/chat/completions"
        let timeout = config.timeoutSeconds, requestHeaders = headers
        let response: Result<(status: Int, body: Data), ChatError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                do throws(ChatError) {
                    continuation.resume(
                        returning: .success(
                            try CurlPost.post(url: url, body: data, headers: requestHeaders, timeoutSeconds: timeout)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return response.flatMap { status, body in
            guard (200..<300).contains(status) else {
                let text = String(decoding: body, as: UTF8.self)
                let refused = format != .none && (status == 400 || status == 422 || text.contains("response_format"))
                return .failure(
                    ChatError(
                        .http, "HTTP \(status) from \(url): \(text.prefix(200))", status: status, refusedFormat: refused
                    ))
            }
            return Self.parse(body)
        }
    }

    /// The first choice's content and the usage, from a chat-completions body. Token counts are the
    /// server's word: a missing or negative one counts 0, and one above `Int32.max` counts `Int32.max`,
    /// so the sums over a run stay meaningful.
    static func parse(_ body: Data) -> Result<Reply, ChatError> {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let choices = object["choices"] as? [[String: Any]],
            let message = choices.first?["message"] as? [String: Any],
            let content = message["content"] as? String
        else {
            return .failure(
                ChatError(
                    .malformed,
                    "the body is not a chat-completions response: \(String(decoding: body.prefix(120), as: UTF8.self))")
            )
        }
        let usage = object["usage"] as? [String: Any]
        func tokens(_ key: String) -> Int { min(Int(Int32.max), max(0, usage?[key] as? Int ?? 0)) }
        return .success(
            Reply(
                content: content, promptTokens: tokens("prompt_tokens"), completionTokens: tokens("completion_tokens")))
    }
}
