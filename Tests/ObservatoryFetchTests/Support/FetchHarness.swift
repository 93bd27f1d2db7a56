import Crypto
import Foundation
import ObservatoryCore
@testable import ObservatoryFetch

/// A temporary cache, a fetcher with quick retries, and helpers to compare the cache before/after.
final class FetchHarness: @unchecked Sendable {
    let root: URL
    let cache: DownloadCache
    let transport = CurlTransport(version: "test")
    private let lock = NSLock()
    private var sleeps: [Double] = []

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("observatory-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        cache = DownloadCache(root: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Seconds the fetcher asked to wait between attempts.
    var recordedSleeps: [Double] { lock.lock(); defer { lock.unlock() }; return sleeps }

    func fetcher(attempts: Int = 3, stallSeconds: Int = 30, maxBytes: Int64 = 1 << 30,
                 totalTimeout: Double = 60, options: TransferOptions = TransferOptions()) -> FileFetcher {
        var options = options
        options.stallSeconds = stallSeconds
        options.maxBytes = maxBytes
        options.totalTimeout = totalTimeout
        options.connectTimeout = 5
        return FileFetcher(transport: transport, cache: cache, options: options,
                           retry: RetryPolicy(maxAttempts: attempts, baseDelay: 0.01, maxDelay: 0.05, jitter: 0),
                           sleep: { [self] seconds in
                               lock.withLock { sleeps.append(seconds) }
                               try await Task.sleep(nanoseconds: UInt64(min(seconds, 0.05) * 1e9))
                           })
    }

    func file(_ server: TestHTTPServer, path: String, name: String = "data.csv", format: FileFormat = .csv) -> RemoteFile {
        RemoteFile(dataset: "test", name: name, vintage: "1", url: server.baseURL + path, format: format)
    }

    /// The cached bytes and the manifest bytes, to prove a failure touched nothing.
    func snapshot(_ file: RemoteFile) -> (file: Data?, manifest: Data?) {
        (try? Data(contentsOf: cache.fileURL(dataset: file.dataset, file: file.name)),
         try? Data(contentsOf: cache.manifestURL(dataset: file.dataset)))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// Deterministic CSV-looking bytes of a given size.
func csvBytes(_ count: Int, seed: Int = 1) -> [UInt8] {
    var bytes: [UInt8] = Array("code;valeur\n".utf8)
    var line = 0
    while bytes.count < count {
        bytes += Array("\(line * seed % 99991);\(line)\n".utf8)
        line += 1
    }
    return Array(bytes.prefix(count))
}

extension FetchOutcome {
    var failure: FetchFailure? { if case .failed(let f) = self { f } else { nil } }
    var downloadedEntry: ManifestEntry? { if case .downloaded(let e, _) = self { e } else { nil } }
    var isNotModified: Bool { if case .notModified = self { true } else { false } }
}
