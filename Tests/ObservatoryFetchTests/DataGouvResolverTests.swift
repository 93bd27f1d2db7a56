import Foundation
@testable import ObservatoryFetch
import Testing

/// data.gouv.fr API v1 resolution against a real API answer (../shared/data/datagouv-api) served
/// by a loopback server.
@Suite(.enabled(if: TestPaths.hasSharedData, TestPaths.sharedDataMissing))
struct DataGouvResolverTests {
    let answer = try! Data(contentsOf: TestPaths.sharedData.appendingPathComponent("datagouv-api/dataset-resources.json"))

    @Test func resolvesTheMostRecentMatchingResource() async throws {
        let body = [UInt8](answer)
        let server = try TestHTTPServer { request, _ in
            request.path == "/api/1/datasets/5cd57bf68b4c4179299eb0e9/" ? .ok(body, headers: [("Content-Type", "application/json")])
                : .status(404)
        }
        let resolver = DataGouvResolver(transport: CurlTransport(version: "test"), apiBase: server.baseURL + "/api/1")
        let monthly = try await resolver.resolve(dataset: "5cd57bf68b4c4179299eb0e9", titlePattern: "decp-2025*.json")
        #expect(monthly.id == "e0c3eb36-dd4f-4aa3-a0ec-b2736a903cd9", "decp-2025-11.json is newer than decp-2025.json")
        #expect(monthly.url.hasSuffix("/decp-2025-11.json"))
        #expect(monthly.checksum?.type == "sha1")
        let global = try await resolver.resolve(dataset: "5cd57bf68b4c4179299eb0e9", titlePattern: "DECP-GLOBAL.json")
        #expect(global.filesize == 754_169_962)
        #expect(global.latest == "https://www.data.gouv.fr/api/1/datasets/r/bd33e98f-f8e3-49ba-9f26-51c95fe57234")
    }

    @Test func unknownTitleListsWhatExists() throws {
        #expect {
            try DataGouvResolver.pick(from: answer, url: "u", titlePattern: "*.csv")
        } throws: { error in
            "\(error)" == "cannot resolve u: no resource titled like '*.csv'; found: decp-global.json, decp-2025.json, decp-2025-11.json"
        }
    }

    @Test func missingDatasetIsReported() async throws {
        let server = try TestHTTPServer { _, _ in .status(404, body: "{\"message\": \"Not found\"}") }
        let resolver = DataGouvResolver(transport: CurlTransport(version: "test"), apiBase: server.baseURL + "/api/1/")
        await #expect {
            try await resolver.resolve(dataset: "nope", titlePattern: "*")
        } throws: { error in
            "\(error)" == "cannot resolve \(server.baseURL)/api/1/datasets/nope/: the API answered 404 Not Found"
        }
    }

    @Test(arguments: [
        ("2025-11-17T15:18:38.714000+00:00", 1_763_392_718.0),
        ("2025-11-15T15:13:46+00:00", 1_763_219_626.0),
    ])
    func datesWithAndWithoutMicroseconds(text: String, epoch: Double) {
        #expect(DataGouvResolver.parseDate(text)?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: [("*.csv", "a.CSV", true), ("decp-?.json", "decp-1.json", true), ("a*b", "ac", false), ("*", "", true)])
    func globs(pattern: String, text: String, expected: Bool) {
        #expect(Glob.matches(pattern, text) == expected)
    }
}
