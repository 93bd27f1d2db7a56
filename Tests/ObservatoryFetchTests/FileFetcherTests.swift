import Foundation
import ObservatoryCore
@testable import ObservatoryFetch
import Testing

/// The fetcher against an in-process HTTP server on loopback, one fault per test. Every fault test
/// first caches a good version, then checks the error message and that the cached file and its
/// manifest are byte-for-byte untouched.
@Suite struct FileFetcherTests {
    let v1 = csvBytes(50_000, seed: 7)
    let v2 = csvBytes(60_000, seed: 11)

    /// Serves `v1` at `/good` with an ETag, and the fault under test elsewhere.
    func server(_ fault: @escaping @Sendable (TestRequest, Int) -> TestResponse) throws -> TestHTTPServer {
        let v1 = self.v1
        return try TestHTTPServer { request, count in
            if request.path == "/good" { return .ok(v1, headers: [("ETag", "\"v1\"")]) }
            if request.path == "/good.xlsx" { return .ok([0x50, 0x4B, 0x03, 0x04] + v1) }
            return fault(request, count)
        }
    }

    /// Caches v1 under the name the fault test uses, returns the snapshot to compare with.
    func primeCache(_ harness: FetchHarness, _ server: TestHTTPServer, name: String = "data.csv",
                    format: FileFormat = .csv) async throws -> (file: Data?, manifest: Data?) {
        let good = harness.file(server, path: format == .xlsx ? "/good.xlsx" : "/good", name: name, format: format)
        let outcome = await harness.fetcher().fetch(good)
        #expect(outcome.downloadedEntry?.sha256 == FetchHarness.sha256(format == .xlsx ? [0x50, 0x4B, 0x03, 0x04] + v1 : v1))
        return harness.snapshot(good)
    }

    @Test func conditionalRequestAnswered304CostsNoBody() async throws {
        let v1 = self.v1
        let server = try TestHTTPServer { request, _ in
            if request.header("If-None-Match") == "\"abc\"" { return .status(304, headers: [("ETag", "\"abc\"")]) }
            return .ok(v1, headers: [("ETag", "\"abc\""), ("Last-Modified", "Tue, 14 Mar 2026 10:00:00 GMT")])
        }
        let harness = try FetchHarness()
        let file = harness.file(server, path: "/f.csv")
        let first = await harness.fetcher().fetch(file)
        let entry = try #require(first.downloadedEntry)
        #expect(entry.etag == "\"abc\"")
        #expect(entry.size == Int64(v1.count))
        #expect(entry.sha256 == FetchHarness.sha256(v1))
        let second = await harness.fetcher().fetch(file)
        #expect(second.isNotModified)
        #expect(server.requests.last?.header("If-Modified-Since") == "Tue, 14 Mar 2026 10:00:00 GMT")
        #expect(second.entry?.fetchedAt == entry.fetchedAt)
        // --force asks without validators.
        let forced = await harness.fetcher().fetch(file, force: true)
        #expect(server.requests.last?.header("If-None-Match") == nil)
        #expect(forced.isNotModified, "same bytes again: nothing changed")
    }

    @Test func interruptedDownloadResumesWithRange() async throws {
        let body = csvBytes(300_000, seed: 3)
        let server = try TestHTTPServer { request, _ in
            let headers = [("ETag", "\"r1\""), ("Accept-Ranges", "bytes")]
            if let range = request.header("Range"), request.header("If-Range") == "\"r1\"",
               let start = Int(range.dropFirst(6).dropLast()) {
                return TestResponse(status: 206, headers: headers + [("Content-Range", "bytes \(start)-\(body.count - 1)/\(body.count)")],
                                    body: Array(body[start...]))
            }
            var response = TestResponse.ok(body, headers: headers)
            response.closeAfter = 120_000
            return response
        }
        let harness = try FetchHarness()
        let outcome = await harness.fetcher().fetch(harness.file(server, path: "/big.csv"))
        let entry = try #require(outcome.downloadedEntry)
        #expect(entry.sha256 == FetchHarness.sha256(body))
        #expect(entry.status == 206 && entry.attempts == 2)
        #expect(server.requests.last?.header("Range") == "bytes=120000-")
        #expect(!FileManager.default.fileExists(atPath: harness.cache.partialURL(dataset: "test", file: "data.csv").path))
    }

    @Test func serverIgnoringRangeRestartsCleanly() async throws {
        let body = csvBytes(200_000, seed: 5)
        let server = try TestHTTPServer { _, count in
            var response = TestResponse.ok(body, headers: [("ETag", "\"n1\"")])
            if count == 0 { response.closeAfter = 70_000 }
            return response // a 200 with the whole body, whatever the Range
        }
        let harness = try FetchHarness()
        let outcome = await harness.fetcher().fetch(harness.file(server, path: "/norange.csv"))
        let entry = try #require(outcome.downloadedEntry)
        #expect(server.requests.last?.header("Range") == "bytes=70000-")
        #expect(entry.status == 200 && entry.size == Int64(body.count))
        #expect(entry.sha256 == FetchHarness.sha256(body))
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let v2 = self.v2
        let server = try server { _, count in
            count == 0 ? .status(429, headers: [("Retry-After", "2")]) : .ok(v2)
        }
        let harness = try FetchHarness()
        let outcome = await harness.fetcher().fetch(harness.file(server, path: "/limited.csv"))
        #expect(outcome.downloadedEntry?.attempts == 2)
        #expect(harness.recordedSleeps == [2])
    }

    @Test func serverErrorThenSuccess() async throws {
        let v2 = self.v2
        let server = try server { _, count in count == 0 ? .status(500, body: "oops") : .ok(v2) }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let outcome = await harness.fetcher().fetch(harness.file(server, path: "/flaky.csv"))
        let entry = try #require(outcome.downloadedEntry)
        #expect(entry.attempts == 2 && entry.sha256 == FetchHarness.sha256(v2))
        #expect(entry.history.first?.sha256 == FetchHarness.sha256(v1), "the replaced version is in the history")
        #expect(harness.snapshot(harness.file(server, path: "/flaky.csv")).file != before.file)
    }

    @Test func persistent503KeepsTheCachedFile() async throws {
        let server = try server { _, _ in .status(503, body: "<html>maintenance</html>") }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/down.csv")
        let failure = try #require(await harness.fetcher(attempts: 3).fetch(file).failure)
        #expect(failure.description.contains("\(file.url) answered 503 Service Unavailable (3 attempts); the cached file from"))
        #expect(failure.description.hasSuffix("is still in use"))
        #expect(harness.snapshot(file) == before)
    }

    @Test func stalledBodyIsAbandoned() async throws {
        let v2 = self.v2
        let server = try server { _, _ in
            var response = TestResponse.ok(v2)
            response.stallAfter = 1000
            response.stallSeconds = 10
            return response
        }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/stall.csv")
        let failure = try #require(await harness.fetcher(attempts: 1, stallSeconds: 2).fetch(file).failure)
        #expect(failure.reason.contains("stalled: less than 1 KB/s for 2 s"))
        #expect(harness.snapshot(file) == before)
    }

    @Test func bodyShorterThanContentLength() async throws {
        let v2 = self.v2
        let server = try server { _, _ in
            var response = TestResponse.ok(Array(v2.prefix(500)))
            response.declaredLength = 1000
            return response
        }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/short.csv")
        let failure = try #require(await harness.fetcher(attempts: 2).fetch(file).failure)
        #expect(failure.reason.contains("body shorter than its Content-Length: 500 of 1000 bytes"))
        #expect(failure.attempts == 2)
        #expect(harness.snapshot(file) == before)
    }

    @Test func redirectChainIsFollowed() async throws {
        let v2 = self.v2
        let server = try server { request, _ in
            switch request.path {
            case "/a": .redirect("/b", status: 301)
            case "/b": .redirect("/c", status: 307)
            default: .ok(v2)
            }
        }
        let harness = try FetchHarness()
        let entry = try #require(await harness.fetcher().fetch(harness.file(server, path: "/a")).downloadedEntry)
        #expect(entry.url == server.baseURL + "/a")
        #expect(entry.finalURL == server.baseURL + "/c")
        #expect(entry.sha256 == FetchHarness.sha256(v2))
    }

    @Test func redirectLoopStopsAfterFive() async throws {
        let server = try server { request, count in .redirect("/loop?\(count)") }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/loop")
        let failure = try #require(await harness.fetcher().fetch(file).failure)
        #expect(failure.reason == "more than 5 redirects")
        #expect(failure.attempts == 1, "a redirect loop is not retried")
        #expect(server.requests.count == 1 + 6)
        #expect(harness.snapshot(file) == before)
    }

    @Test func redirectToAnotherProtocolIsRefused() async throws {
        let server = try server { _, _ in .redirect("ftp://127.0.0.1/data.csv") }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/ftp")
        let failure = try #require(await harness.fetcher().fetch(file).failure)
        #expect(failure.reason.hasPrefix("redirect refused"))
        #expect(harness.snapshot(file) == before)
    }

    @Test func htmlPageAnsweredWith200IsRejected() async throws {
        let server = try server { _, _ in
            .ok(Array("<!DOCTYPE html>\n<html><body>Le site est en maintenance</body></html>".utf8),
                headers: [("Content-Type", "text/html")])
        }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server, name: "BMO.xlsx", format: .xlsx)
        let file = harness.file(server, path: "/BMO.xlsx", name: "BMO.xlsx", format: .xlsx)
        let failure = try #require(await harness.fetcher().fetch(file).failure)
        #expect(failure.reason == "answered 200 but an HTML page arrived instead of an XLSX workbook")
        #expect(harness.snapshot(file) == before)
        #expect(!FileManager.default.fileExists(atPath: harness.cache.partialURL(dataset: "test", file: "BMO.xlsx").path))
    }

    @Test func emptyBodyAndWrongKindAreRejected() async throws {
        let server = try server { request, _ in
            request.path == "/empty" ? .ok([]) : .ok([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])
        }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let empty = harness.file(server, path: "/empty")
        #expect(try #require(await harness.fetcher().fetch(empty).failure).reason == "answered 200 but the body is empty")
        let zip = harness.file(server, path: "/zip")
        #expect(try #require(await harness.fetcher().fetch(zip).failure).reason == "answered 200 but a ZIP file arrived instead of CSV text")
        #expect(harness.snapshot(zip) == before)
    }

    @Test func gzipBodyIsDecoded() async throws {
        let v2 = self.v2
        let server = try server { request, _ in
            #expect(request.header("Accept-Encoding")?.contains("gzip") == true)
            return .ok(Gzip.stored(v2), headers: [("Content-Encoding", "gzip")])
        }
        let harness = try FetchHarness()
        let entry = try #require(await harness.fetcher().fetch(harness.file(server, path: "/gz.csv")).downloadedEntry)
        #expect(entry.sha256 == FetchHarness.sha256(v2) && entry.size == Int64(v2.count))
    }

    @Test func fileOverTheSizeCapIsRefused() async throws {
        let v2 = self.v2
        let server = try server { _, _ in .ok(v2) }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/huge.csv")
        let failure = try #require(await harness.fetcher(maxBytes: 10_000).fetch(file).failure)
        #expect(failure.reason == "file larger than the 10000-byte limit")
        #expect(harness.snapshot(file) == before)
    }

    @Test func gzipBombIsRefusedByItsExpansion() async throws {
        let bomb = Gzip.zeros(8 << 20)
        #expect(bomb.count < 60_000)
        let server = try server { _, _ in .ok(bomb, headers: [("Content-Encoding", "gzip")]) }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/bomb.csv")
        var options = TransferOptions()
        options.expansionFloor = 1 << 20
        let failure = try #require(await harness.fetcher(options: options).fetch(file).failure)
        #expect(failure.reason.hasPrefix("refused as a decompression bomb: "), "\(failure.reason)")
        #expect(failure.reason.hasSuffix("(over 100×)"))
        #expect(harness.snapshot(file) == before)
        // The cap counts decoded bytes, whatever the wire carried.
        let capped = try #require(await harness.fetcher(maxBytes: 2 << 20).fetch(file).failure)
        #expect(capped.reason == "file larger than the 2097152-byte limit")
        #expect(TransferOptions().maxBytes == 512 << 20)
    }

    @Test func aStatedSizeIsTheFilesOwnCap() async throws {
        let v2 = self.v2
        let server = try server { _, _ in .ok(v2) }
        let harness = try FetchHarness()
        // Above the default cap: a file the catalogue says is large is fetched.
        var large = harness.file(server, path: "/large.csv")
        large.expectedSize = Int64(v2.count)
        #expect(await harness.fetcher(maxBytes: 10_000).fetch(large).downloadedEntry?.size == Int64(v2.count))
        // Below what is sent: refused as soon as the body passes the stated size.
        var small = harness.file(server, path: "/small.csv", name: "small.csv")
        small.expectedSize = 1_000
        let failure = try #require(await harness.fetcher().fetch(small).failure)
        #expect(failure.reason == "file larger than the 1000-byte limit")
    }

    @Test func notFoundIsNotRetried() async throws {
        let server = try server { _, _ in .status(404, body: "no") }
        let harness = try FetchHarness()
        let file = harness.file(server, path: "/missing.csv")
        let failure = try #require(await harness.fetcher().fetch(file).failure)
        #expect(failure.description == "download failed: \(file.url) answered 404 Not Found; nothing is cached for test/data.csv")
        #expect(server.requests.count == 1)
    }

    @Test func expectedChecksumMismatchIsRejected() async throws {
        let v2 = self.v2
        let server = try server { _, _ in .ok(v2) }
        let harness = try FetchHarness()
        var file = harness.file(server, path: "/sum.csv")
        file.expectedSHA256 = String(repeating: "0", count: 64)
        let failure = try #require(await harness.fetcher().fetch(file).failure)
        #expect(failure.reason.contains("differs from the catalogue's"))
    }

    @Test func connectionRefusedIsRetriedThenReported() async throws {
        let harness = try FetchHarness()
        let file = RemoteFile(dataset: "test", name: "x.csv", url: "http://127.0.0.1:9/x.csv", format: .csv)
        let failure = try #require(await harness.fetcher(attempts: 2).fetch(file).failure)
        #expect(failure.reason.hasPrefix("could not connect"))
        #expect(failure.attempts == 2)
    }

    @Test func aWriteFailingAfterTheLastByteKeepsTheCachedFile() async throws {
        let v2 = self.v2
        let server = try server { _, _ in .ok(v2) }
        let harness = try FetchHarness()
        let before = try await primeCache(harness, server)
        let file = harness.file(server, path: "/full.csv")
        var fetcher = harness.fetcher()
        let written = FileWriterTests.Counter()
        // The body is smaller than a buffer: it is written once the transfer has already succeeded.
        fetcher.writeCall = { descriptor, bytes, count in
            if written.add(count) > v2.count - 100 { errno = ENOSPC; return -1 }
            return write(descriptor, bytes, count)
        }
        let failure = try #require(await fetcher.fetch(file).failure)
        let partial = harness.cache.partialURL(dataset: "test", file: "data.csv")
        #expect(failure.reason == "cannot write \(partial.path): disk full (No space left on device)")
        #expect(failure.attempts == 1, "a full disk is not retried")
        #expect(harness.snapshot(file) == before)
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test func aTransientWriteErrorIsRetried() async throws {
        let v2 = self.v2
        let server = try server { _, _ in .ok(v2) }
        let harness = try FetchHarness()
        _ = try await primeCache(harness, server)
        var fetcher = harness.fetcher()
        let calls = FileWriterTests.Counter()
        fetcher.writeCall = { descriptor, bytes, count in
            if calls.add(1) == 1 { errno = EIO; return -1 }
            return write(descriptor, bytes, count)
        }
        let entry = try #require(await fetcher.fetch(harness.file(server, path: "/eio.csv")).downloadedEntry)
        #expect(entry.attempts == 2)
        #expect(entry.sha256 == FetchHarness.sha256(v2) && entry.size == Int64(v2.count))
        #expect(try Data(contentsOf: harness.cache.fileURL(dataset: "test", file: "data.csv")) == Data(v2))
    }

    @Test func largeBodiesCrossManyBuffersIntact() async throws {
        // Several of the writer's 256 KiB buffers, with a resume in the middle of one.
        let body = csvBytes(3_000_000, seed: 13)
        let server = try TestHTTPServer { request, _ in
            let headers = [("ETag", "\"L1\""), ("Accept-Ranges", "bytes")]
            if let range = request.header("Range"), let start = Int(range.dropFirst(6).dropLast()) {
                return TestResponse(status: 206, headers: headers + [("Content-Range", "bytes \(start)-\(body.count - 1)/\(body.count)")],
                                    body: Array(body[start...]))
            }
            var response = TestResponse.ok(body, headers: headers)
            response.closeAfter = 1_000_003
            return response
        }
        let harness = try FetchHarness()
        let entry = try #require(await harness.fetcher().fetch(harness.file(server, path: "/large.csv")).downloadedEntry)
        #expect(entry.status == 206 && entry.attempts == 2)
        #expect(entry.sha256 == FetchHarness.sha256(body) && entry.size == Int64(body.count))
        #expect(try Data(contentsOf: harness.cache.fileURL(dataset: "test", file: "data.csv")) == Data(body))
    }
}
