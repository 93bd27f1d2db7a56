import Crypto
import Foundation
import Observatory
import ObservatoryCore
import ObservatoryData
@testable import ObservatoryFetch
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `observatory fetch --mirror` against nginx serving a mirror laid out from ../shared/data by
/// scripts/make-mirror: real HTTP semantics (ETag, Last-Modified, Range), the real catalogue.
@Suite(.serialized, .enabled(if: TestPaths.hasSharedData, TestPaths.sharedDataMissing),
       .enabled(if: Nginx.binary != nil, "nginx is not installed: the mirror tests are skipped"))
struct NginxMirrorTests {
    /// Lays out the mirror; returns its folder and the catalogue paths it holds.
    static func makeMirror() throws -> (URL, Set<String>) {
        let folder = try TestPaths.temporaryDirectory("mirror")
        let script = TestPaths.repository.appendingPathComponent("scripts/make-mirror").path
        let result = try TestPaths.run("/usr/bin/env", ["python3", script, TestPaths.sharedData.path, folder.path])
        guard result.status == 0 else { throw NginxError("make-mirror failed: \(result.output)") }
        let table = try String(contentsOf: TestPaths.repository.appendingPathComponent("scripts/shared-data-mirror.tsv"), encoding: .utf8)
        let present = table.split(separator: "\n").filter { !$0.hasPrefix("#") }
            .compactMap { $0.split(separator: "\t").first.map(String.init) }
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        return (folder, Set(present))
    }

    static func sha256(of url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    func service(cache: URL) -> FetchService {
        FetchService(layout: ProjectLayout(root: TestPaths.repository, cache: cache),
                     transport: CurlTransport(version: "test"), logger: .init(label: "test"))
    }

    @Test func wholeCatalogueFromTheMirrorThenNothingToTransfer() async throws {
        let (mirror, present) = try Self.makeMirror()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let nginx = try Nginx(serving: mirror)
        defer { nginx.stop() }
        let cache = try TestPaths.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let catalog = try Catalog.load(directory: TestPaths.repository.appendingPathComponent("Indicators/datasets"))
        var options = FetchOptions()
        options.mirror = nginx.baseURL + "/"

        let first = try await service(cache: cache).run(catalog: catalog, options: options)
        #expect(first.items.count == catalog.datasets.reduce(0) { $0 + $1.files.count })
        #expect(present.count >= 25, "the mirror holds the real files")
        for item in first.items {
            let key = "\(item.dataset.id)/\(item.file.name)"
            if present.contains(key) {
                guard case .downloaded(let entry, nil) = item.result else {
                    Issue.record("\(key) should have downloaded: \(item.result)")
                    continue
                }
                #expect(entry.sha256 == (try Self.sha256(of: mirror.appendingPathComponent(key))), "\(key)")
                #expect(entry.etag != nil && entry.lastModified != nil)
            } else {
                guard case .failed(let reason, nil) = item.result else {
                    Issue.record("\(key) is not on the mirror and should fail")
                    continue
                }
                #expect(reason == "download failed: \(nginx.baseURL)/\(key) answered 404 Not Found; nothing is cached for \(key)")
            }
        }
        #expect(first.downloaded.count == present.count)
        #expect(first.blockingFailures.isEmpty, "only optional datasets are missing from shared/data")

        let linesBefore = nginx.accessLog.count
        let second = try await service(cache: cache).run(catalog: catalog, options: options)
        #expect(second.notModified.count == present.count)
        #expect(second.downloaded.isEmpty)
        let secondRun = nginx.accessLog.dropFirst(linesBefore)
        let bodyBytes = secondRun.filter { $0.hasPrefix("304") }.compactMap { Int($0.split(separator: " ")[1]) }.reduce(0, +)
        #expect(secondRun.filter { $0.hasPrefix("304") }.count == present.count)
        #expect(bodyBytes == 0, "a no-change fetch transfers no body")
    }

    @Test func downloadKilledHalfwayResumesToTheRightChecksum() async throws {
        let executable = try #require(TestPaths.executable, "the observatory executable is built with the tests")
        let (mirror, _) = try Self.makeMirror()
        defer { try? FileManager.default.removeItem(at: mirror) }
        let nginx = try Nginx(serving: mirror, slowRate: "600k")
        defer { nginx.stop() }
        let cache = try TestPaths.temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let name = "Base_open_data_BMO_2024.xlsx"
        let partial = cache.appendingPathComponent("downloads/bmo/.\(name).partial")

        // A real process, killed with SIGKILL once a third of the file has arrived.
        let process = Process()
        process.executableURL = executable
        process.arguments = ["fetch", "bmo", "--project", TestPaths.repository.path, "--cache", cache.path,
                             "--mirror", nginx.baseURL + "/slow/", "--concurrency", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let full = try Data(contentsOf: mirror.appendingPathComponent("bmo/\(name)")).count
        var size = 0
        for _ in 0..<400 where process.isRunning {
            size = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
            if size > full / 3 { break }
            usleep(25_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        size = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
        #expect(size > 0 && size < full, "the kill left a partial file")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("downloads/bmo/\(name)").path))

        let catalog = try Catalog.load(directory: TestPaths.repository.appendingPathComponent("Indicators/datasets"))
        var options = FetchOptions()
        options.mirror = nginx.baseURL + "/slow/"
        let summary = try await service(cache: cache).run(catalog: catalog, datasets: ["bmo"], options: options)
        let item = try #require(summary.items.first { $0.file.name == name })
        guard case .downloaded(let entry, _) = item.result else {
            Issue.record("the resumed download failed: \(item.result)")
            return
        }
        #expect(entry.status == 206)
        #expect(entry.sha256 == (try Self.sha256(of: TestPaths.sharedData.appendingPathComponent("francetravail-bmo/\(name)"))))
        #expect(nginx.accessLog.contains { $0.hasPrefix("206") && $0.contains("\"bytes=") })
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }
}
