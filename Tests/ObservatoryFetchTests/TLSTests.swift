import Foundation
import ObservatoryCore
@testable import ObservatoryFetch
import Testing

/// TLS against nginx with a certificate made for the test: verification is always on, a custom
/// CA bundle is honoured, and https never redirects to http.
@Suite(.serialized, .enabled(if: Nginx.binary != nil, "nginx is not installed: the TLS tests are skipped"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "openssl is absent"))
struct TLSTests {
    final class Bench: @unchecked Sendable {
        let folder: URL
        let certificate: String
        let plain: Nginx
        let secure: Nginx
        let body = csvBytes(20_000)

        init() throws {
            folder = try TestPaths.temporaryDirectory("tls")
            certificate = folder.appendingPathComponent("cert.pem").path
            let key = folder.appendingPathComponent("key.pem").path
            let made = try TestPaths.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate])
            guard made.status == 0 else { throw NginxError("openssl failed: \(made.output)") }
            try Data(body).write(to: folder.appendingPathComponent("data.csv"))
            plain = try Nginx(serving: folder)
            secure = try Nginx(serving: folder, tls: (certificate, key),
                               extra: "location = /downgrade { return 302 \(plain.baseURL)/data.csv; }")
        }

        deinit {
            plain.stop()
            secure.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        func fetch(_ path: String, caBundle: String?) async throws -> FetchOutcome {
            let cache = DownloadCache(root: folder.appendingPathComponent("cache-\(UUID().uuidString)"))
            var options = TransferOptions()
            options.caBundlePath = caBundle
            let fetcher = FileFetcher(transport: CurlTransport(version: "test"), cache: cache, options: options,
                                      retry: RetryPolicy(maxAttempts: 1, baseDelay: 0))
            return await fetcher.fetch(RemoteFile(dataset: "tls", name: "data.csv", url: secure.secureBaseURL + path, format: .csv))
        }
    }

    @Test func unknownAuthorityIsRefused() async throws {
        let bench = try Bench()
        let failure = try #require(try await bench.fetch("/data.csv", caBundle: nil).failure)
        #expect(failure.reason.hasPrefix("TLS error"), "\(failure.reason)")
    }

    @Test func customBundleIsTrusted() async throws {
        let bench = try Bench()
        let entry = try #require(try await bench.fetch("/data.csv", caBundle: bench.certificate).downloadedEntry)
        #expect(entry.sha256 == FetchHarness.sha256(bench.body))
    }

    @Test func httpsNeverRedirectsToHttp() async throws {
        let bench = try Bench()
        let failure = try #require(try await bench.fetch("/downgrade", caBundle: bench.certificate).failure)
        #expect(failure.reason.hasPrefix("redirect refused"), "\(failure.reason)")
    }
}
