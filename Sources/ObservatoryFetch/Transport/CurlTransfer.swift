import CCurl
import Foundation

/// One easy handle, its callbacks and its outcome. Lives on the multi loop's thread once added.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    let request: HTTPRequest
    let sink: any ResponseSink
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let started = Date()

    // Mutated only on the loop's thread.
    private var currentStatus = 0
    private var currentHeaders: [(String, String)] = []
    private var begun = false
    private var bodyBytes: Int64 = 0
    private var failure: TransportError?
    private let cancelled = ManagedAtomicFlag()

    init(request: HTTPRequest, sink: any ResponseSink, userAgent: String) throws {
        guard let easy = curl_easy_init() else { throw TransportError.other(code: -1, message: "curl_easy_init failed") }
        self.easy = easy
        self.request = request
        self.sink = sink
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(userAgent: userAgent)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    func setContinuation(_ continuation: CheckedContinuation<HTTPResponse, any Error>) {
        self.continuation = continuation
    }

    func cancel() { cancelled.set() }

    private func configure(userAgent: String) throws {
        let url = request.url
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw TransportError.unsupportedProtocol(url)
        }
        let options = request.options
        var codes: [CURLcode] = []
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_URL, url))
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        // Never downgrade: a transfer that starts on https may only be redirected to https.
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR,
                                              lower.hasPrefix("https://") ? "https" : "http,https"))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_MAXREDIRS, options.maxRedirects))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        if let ca = options.caBundlePath { codes.append(ccurl_easy_setopt_string(easy, CURLOPT_CAINFO, ca)) }
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000)))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, options.stallBytesPerSecond))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, options.stallSeconds))
        codes.append(ccurl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBytes)))
        // Larger reads mean fewer callbacks (each copies its chunk for the file writer) for the same bytes.
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_BUFFERSIZE, 256 << 10))
        // "" = every encoding this libcurl decodes (gzip, deflate, …).
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, userAgent))
        // Proxies come from http_proxy / https_proxy / no_proxy, which libcurl reads by default.
        for (name, value) in request.headers {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        if let headerList { codes.append(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context))
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))
        codes.append(ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.onHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
        })
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        codes.append(ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.onBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
        })
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_NOPROGRESS, 0))
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_XFERINFODATA, context))
        codes.append(ccurl_easy_setopt_progress_callback(easy) { context, total, now, _, _ in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.onProgress(total: total, now: now)
        })
        if let bad = codes.first(where: { $0 != CURLE_OK }) {
            throw TransportError.other(code: Int(bad.rawValue), message: String(cString: curl_easy_strerror(bad)))
        }
    }

    // MARK: Callbacks (loop thread)

    private func onHeader(_ line: UnsafeRawBufferPointer) -> Int {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            // A new response begins (after a redirect or a 100 Continue): forget the previous one.
            currentHeaders = []
            let parts = text.split(separator: " ")
            currentStatus = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            currentHeaders.append((name, value))
        }
        return line.count
    }

    private func onBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if !begun {
            begun = true
            guard sink.begin(status: currentStatus, headers: HTTPHeaders(currentHeaders)) else {
                failure = .abortedBySink("the response was refused (HTTP \(currentStatus))")
                return 0
            }
        }
        bodyBytes += Int64(bytes.count)
        if bodyBytes > request.options.maxBytes {
            failure = .tooLarge(limit: request.options.maxBytes)
            return 0
        }
        if bodyBytes > request.options.expansionFloor {
            // Bytes received on the wire, before content decoding.
            var received: curl_off_t = 0
            _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_SIZE_DOWNLOAD_T, &received)
            if received > 0, bodyBytes / Int64(received) > request.options.maxExpansion {
                failure = .expansion(decoded: bodyBytes, received: Int64(received), limit: request.options.maxExpansion)
                return 0
            }
        }
        guard sink.write(bytes) else {
            failure = failure ?? .abortedBySink("the body could not be stored")
            return 0
        }
        return bytes.count
    }

    private func onProgress(total: curl_off_t, now: curl_off_t) -> Int32 {
        if cancelled.isSet { return 1 }
        request.progress?(Int64(now), Int64(total))
        return 0
    }

    // MARK: Completion (loop thread)

    /// Resumes the waiting task with the response or the error for `code`.
    func complete(_ code: CURLcode) {
        guard let continuation else { return }
        self.continuation = nil
        if code == CURLE_OK, !begun {
            // No body (304, HEAD-like answers, empty 200): the sink still learns the head.
            begun = true
            if !sink.begin(status: currentStatus, headers: HTTPHeaders(currentHeaders)) {
                failure = .abortedBySink("the response was refused (HTTP \(currentStatus))")
            }
        }
        if cancelled.isSet {
            continuation.resume(throwing: CancellationError())
        } else if let failure {
            continuation.resume(throwing: failure)
        } else if code != CURLE_OK {
            continuation.resume(throwing: error(for: code))
        } else {
            continuation.resume(returning: response())
        }
    }

    private func response() -> HTTPResponse {
        var finalURL: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &finalURL)
        var redirects = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_REDIRECT_COUNT, &redirects)
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status == 0 ? currentStatus : status, headers: HTTPHeaders(currentHeaders),
                            finalURL: finalURL.map { String(cString: $0) } ?? request.url,
                            redirectCount: redirects, bodyBytes: bodyBytes,
                            duration: Date().timeIntervalSince(started))
    }

    private func error(for code: CURLcode) -> TransportError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL:
            return bodyBytes == 0 && currentStatus / 100 == 3 ? .redirectRefused(message) : .unsupportedProtocol(request.url)
        case CURLE_URL_MALFORMAT: return .invalidURL(request.url)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .couldNotResolve(message)
        case CURLE_COULDNT_CONNECT: return .couldNotConnect(message)
        case CURLE_TOO_MANY_REDIRECTS: return .tooManyRedirects(request.options.maxRedirects)
        case CURLE_FILESIZE_EXCEEDED: return .tooLarge(limit: request.options.maxBytes)
        case CURLE_PARTIAL_FILE:
            var expected: curl_off_t = -1
            _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected)
            return .truncated(received: bodyBytes, expected: expected >= 0 ? Int64(expected) : nil)
        case CURLE_OPERATION_TIMEDOUT:
            if message.contains("too slow") { return .stalled(bytesPerSecond: request.options.stallBytesPerSecond, seconds: request.options.stallSeconds) }
            if message.lowercased().contains("connect") { return .couldNotConnect(message) }
            return .timedOut(seconds: request.options.totalTimeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM:
            return .tls(message)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return .other(code: Int(code.rawValue), message: message)
        default:
            return .other(code: Int(code.rawValue), message: message)
        }
    }
}

/// A flag set once from any thread.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
