import CCurl
import Foundation

/// One HTTP POST through libcurl (the only use of CCurl in the project): blocking, with a total
/// timeout, no signals, and every failure a typed ``ChatError``.
enum CurlPost {
    // 3 = CURL_GLOBAL_ALL (a macro expression Swift does not import).
    private static let ready: Bool = curl_global_init(3) == CURLE_OK

    /// The response status and body, or a transport/timeout error.
    static func post(url: String, body: Data, headers: [String], timeoutSeconds: Double) throws(ChatError) -> (
        status: Int, body: Data
    ) {
        guard ready, let handle = curl_easy_init() else {
            throw ChatError(.transport, "libcurl did not initialize; check that libcurl4 is installed")
        }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let sink = Unmanaged.passRetained(ResponseSink())
        defer { sink.release() }
        let writer: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
            data, size, count, user in
            guard let data, let user else { return 0 }
            Unmanaged<ResponseSink>.fromOpaque(user).takeUnretainedValue().data.append(
                UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }
        guard timeoutSeconds >= ChatConfig.minTimeoutSeconds, timeoutSeconds <= ChatConfig.maxTimeoutSeconds else {
            throw ChatError(
                .configuration,
                """
                a timeout of \(timeoutSeconds) s cannot be used: set FEDACTORS_LLM_TIMEOUT (or \
                ChatConfig.timeoutSeconds) to seconds per request, more than 0 and at most \
                \(Int(ChatConfig.maxTimeoutSeconds))
                """
            )
        }
        let millis = max(1, Int(timeoutSeconds * 1000))
        var codes = [
            fa_curl_setopt_string(handle, CURLOPT_URL, url),
            fa_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            fa_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, millis),
            fa_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, millis),
            fa_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)),
            fa_curl_setopt_write_function(handle, writer),
            fa_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sink.toOpaque()),
            fa_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count),
        ]
        codes.append(
            body.withUnsafeBytes { raw in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                fa_curl_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            })
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            throw ChatError(.transport, "libcurl refused an option: \(String(cString: curl_easy_strerror(bad)))")
        }
        let result = curl_easy_perform(handle)
        if result == CURLE_OPERATION_TIMEDOUT {
            throw ChatError(
                .timeout,
                "no answer from \(url) within \(timeoutSeconds) s; raise FEDACTORS_LLM_TIMEOUT or check the server")
        }
        guard result == CURLE_OK else {
            throw ChatError(
                .transport,
                """
                \(url): \(String(cString: curl_easy_strerror(result))); check FEDACTORS_LLM_BASE_URL and that the \
                server runs
                """
            )
        }
        var status = 0
        _ = fa_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, sink.takeUnretainedValue().data)
    }
}

/// Where the write callback collects the body (owned by one `post` call, on one thread).
private final class ResponseSink {
    var data = Data()
}
