import Foundation
import Logging
import ObservatoryCore

/// Downloads one catalogue file into the cache: conditional requests, resume, retries with backoff,
/// checks on what arrived, an atomic replace and a manifest entry. A failure never touches the
/// cached file nor its manifest entry.
public struct FileFetcher: Sendable {
    public var transport: any HTTPTransport
    public var cache: DownloadCache
    public var options: TransferOptions
    public var retry: RetryPolicy
    public var logger: Logger
    /// Waits the given number of seconds (injected so tests need not wait).
    public var sleep: @Sendable (Double) async throws -> Void
    public var now: @Sendable () -> Date
    /// Bounds the transfers in flight across the fetches that share it; `nil`: no bound here.
    public var slots: TransferSlots?
    /// How the body is written to the temporary file: `write(2)`, or a failing stand-in in tests.
    var writeCall: FileWriter.WriteCall = FileWriter.systemWrite

    public init(transport: any HTTPTransport, cache: DownloadCache, options: TransferOptions = TransferOptions(),
                retry: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "observatory.fetch"),
                slots: TransferSlots? = nil,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.cache = cache
        self.options = options
        self.retry = retry
        self.logger = logger
        self.slots = slots
        self.sleep = sleep
        self.now = now
    }

    /// Fetches `file`; `force` skips the conditional headers and downloads the body again.
    public func fetch(_ file: RemoteFile, force: Bool = false,
                      events: @escaping @Sendable (FetchEvent) -> Void = { _ in }) async -> FetchOutcome {
        let outcome = await attemptAll(file, force: force, events: events)
        events(.finished(file, outcome))
        return outcome
    }

    private func attemptAll(_ file: RemoteFile, force: Bool,
                            events: @escaping @Sendable (FetchEvent) -> Void) async -> FetchOutcome {
        let previous: ManifestEntry?
        do { previous = try await cache.entry(dataset: file.dataset, file: file.name) } catch {
            return .failed(FetchFailure(file: file, reason: "\(error)", attempts: 0, kept: nil))
        }
        let paths = Paths(cache: cache, file: file)
        do {
            try FileManager.default.createDirectory(at: paths.final.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            return .failed(FetchFailure(file: file, reason: "cannot create \(paths.final.deletingLastPathComponent().path): \(SystemError.text(error))", attempts: 0, kept: previous))
        }
        let started = now()
        var attempt = 0
        var reason = "was not attempted"
        var lastStatus: Int?
        while attempt < retry.maxAttempts {
            attempt += 1
            let step = await attemptOnce(file, paths: paths, previous: previous, force: force, attempt: attempt,
                                         started: started, events: events)
            switch step {
            case .done(let outcome):
                return outcome
            case .fail(let why, let status):
                return .failed(FetchFailure(file: file, reason: why, attempts: attempt, kept: previous, status: status))
            case .retry(let why, let status, let retryAfter):
                reason = why
                lastStatus = status
                guard attempt < retry.maxAttempts else { break }
                if let retryAfter, retryAfter > retry.maxRetryAfter {
                    reason += " and asked to wait \(Int(retryAfter)) s, longer than the \(Int(retry.maxRetryAfter)) s allowed"
                    return .failed(FetchFailure(file: file, reason: reason, attempts: attempt, kept: previous, status: status))
                }
                let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
                events(.retrying(file, attempt: attempt + 1, delay: delay, reason: why))
                logger.info("retrying download", metadata: ["dataset.id": "\(file.dataset)", "file": "\(file.name)",
                                                            "reason": "\(why)", "delay": "\(delay)"])
                do { try await sleep(delay) } catch {
                    return .failed(FetchFailure(file: file, reason: "cancelled", attempts: attempt, kept: previous))
                }
            }
        }
        return .failed(FetchFailure(file: file, reason: reason, attempts: attempt, kept: previous, status: lastStatus))
    }

    private enum Step {
        case done(FetchOutcome)
        case fail(String, status: Int?)
        case retry(String, status: Int?, retryAfter: Double?)
    }

    private func attemptOnce(_ file: RemoteFile, paths: Paths, previous: ManifestEntry?, force: Bool, attempt: Int,
                             started: Date, events: @escaping @Sendable (FetchEvent) -> Void) async -> Step {
        // The slot is held while the body arrives, not while the file is synced and recorded.
        await slots?.acquire()
        events(.started(file, attempt: attempt))
        var headers: [(name: String, value: String)] = []
        var resumeFrom: Int64 = 0
        if let info = paths.readPartialInfo(), info.url == file.url, let validator = info.ifRange,
           let size = paths.partialSize(), size > 0 {
            resumeFrom = size
            headers = [("Range", "bytes=\(size)-"), ("If-Range", validator)]
        } else {
            paths.removePartial()
            if !force, let previous {
                if let etag = previous.etag { headers.append(("If-None-Match", etag)) }
                if let lastModified = previous.lastModified { headers.append(("If-Modified-Since", lastModified)) }
            }
        }
        let sink: DownloadSink
        do { sink = try DownloadSink(path: paths.partial.path, infoPath: paths.partialInfo.path, url: file.url,
                                            resumeFrom: resumeFrom, write: writeCall) } catch {
            await slots?.release()
            return .fail("\(error)", status: nil)
        }
        let expected = file.expectedSize
        let offset = resumeFrom
        // A catalogue entry that states its size (`size:`) gets exactly that as its cap, above or
        // below the default: a byte more is wrong anyway, and a known large file is not refused.
        var options = self.options
        if let expected {
            options.maxBytes = expected
            options.expansionFloor = max(options.expansionFloor, expected)
        }
        let request = HTTPRequest(url: file.url, headers: headers, options: options) { received, total in
            events(.progress(file, received: offset + received, total: total > 0 ? offset + total : expected))
        }
        let outcome: Result<HTTPResponse, any Error>
        do { outcome = .success(try await transport.perform(request, into: sink)) } catch { outcome = .failure(error) }
        await slots?.release()
        // Whatever happened, the writer finishes first: a write that failed after the last byte
        // arrived must fail the download as surely as one that failed before.
        await sink.finish()
        if let failure = sink.failure {
            paths.removePartial()
            // A full disk or a permission problem is not fixed by downloading again.
            if sink.failureIsPermanent { return .fail(failure, status: nil) }
            return .retry(failure, status: nil, retryAfter: nil)
        }
        let response: HTTPResponse
        switch outcome {
        case .success(let answer):
            response = answer
        case .failure(let error):
            keepOrDropPartial(sink, paths: paths, url: file.url)
            if error is CancellationError { return .fail("cancelled", status: nil) }
            let transportError = error as? TransportError
            let text = transportError.map(\.description) ?? "\(error)"
            return transportError?.isTransient ?? false ? .retry(text, status: nil, retryAfter: nil) : .fail(text, status: nil)
        }
        let status = response.status
        switch status {
        case 304:
            paths.removePartial()
            guard var entry = previous else { return .fail("answered 304 Not Modified but nothing is cached", status: 304) }
            entry.checkedAt = now()
            entry.url = file.url
            try? await cache.record(entry)
            return .done(.notModified(entry))
        case 200, 206:
            return await finish(file, sink: sink, response: response, paths: paths, previous: previous,
                                attempt: attempt, started: started)
        case 416:
            paths.removePartial()
            return .retry("answered 416 to a resumed download; restarting it", status: 416, retryAfter: 0)
        default:
            paths.removePartial()
            let why = "answered \(status) \(HTTPStatusPhrase.phrase(status))"
            if RetryPolicy.isRetryable(status: status) {
                return .retry(why, status: status, retryAfter: RetryPolicy.parseRetryAfter(response.headers["retry-after"]))
            }
            return .fail(why, status: status)
        }
    }

    /// Checks a complete 2xx body, then renames it over the cached file and records it.
    private func finish(_ file: RemoteFile, sink: DownloadSink, response: HTTPResponse, paths: Paths,
                        previous: ManifestEntry?, attempt: Int, started: Date) async -> Step {
        let headers = response.headers
        if headers["content-encoding"] == nil {
            let expected = response.status == 206 ? DownloadSink.rangeTotal(headers["content-range"])
                : headers["content-length"].flatMap { Int64($0) }
            if let expected, expected != sink.size {
                keepOrDropPartial(sink, paths: paths, url: file.url)
                return .retry(TransportError.truncated(received: sink.size, expected: expected).description,
                              status: response.status, retryAfter: nil)
            }
        }
        if let refusal = file.format.refusal(ofPrefix: sink.prefix, totalSize: sink.size) {
            paths.removePartial()
            return .fail("answered \(response.status) but \(refusal)", status: response.status)
        }
        let digest = sink.sha256
        if let size = file.expectedSize, size != sink.size {
            paths.removePartial()
            return .fail("sent \(sink.size) bytes where the catalogue expects \(size)", status: response.status)
        }
        if let sha = file.expectedSHA256, sha.lowercased() != digest {
            paths.removePartial()
            return .fail("sent a file whose SHA-256 \(digest) differs from the catalogue's \(sha)", status: response.status)
        }
        let time = now()
        var entry = ManifestEntry(
            dataset: file.dataset, file: file.name, vintage: file.vintage, url: file.url, finalURL: response.finalURL,
            status: response.status, etag: headers["etag"], lastModified: headers["last-modified"],
            contentType: headers["content-type"], size: sink.size, sha256: digest, fetchedAt: time, checkedAt: time,
            duration: time.timeIntervalSince(started), attempts: attempt, history: previous?.history ?? [])
        if let previous, previous.sha256 == digest {
            // Same bytes again (a server without validators): nothing changed.
            paths.removePartial()
            entry.fetchedAt = previous.fetchedAt
            try? await cache.record(entry)
            return .done(.notModified(entry))
        }
        if let previous {
            entry.history.insert(.init(sha256: previous.sha256, size: previous.size, fetchedAt: previous.fetchedAt,
                                       lastModified: previous.lastModified), at: 0)
            entry.history = Array(entry.history.prefix(20))
        }
        guard rename(paths.partial.path, paths.final.path) == 0 else {
            let why = "could not move the download into place: \(SystemError.text(errno: errno))"
            paths.removePartial()
            return .fail(why, status: response.status)
        }
        paths.removePartialInfo()
        do { try await cache.record(entry) } catch {
            return .fail("downloaded, but the manifest could not be written: \(SystemError.text(error))", status: response.status)
        }
        logger.info("downloaded", metadata: ["dataset.id": "\(file.dataset)", "file": "\(file.name)",
                                             "bytes": "\(sink.size)", "sha256": "\(digest)"])
        return .done(.downloaded(entry, previous: previous))
    }

    /// After an interrupted 2xx body: keep the bytes for a resume when the sink recorded how to resume.
    private func keepOrDropPartial(_ sink: DownloadSink, paths: Paths, url: String) {
        let resumable = sink.isSuccess && sink.size > 0 && sink.failure == nil && paths.readPartialInfo() != nil
        if !resumable { paths.removePartial() }
    }
}
