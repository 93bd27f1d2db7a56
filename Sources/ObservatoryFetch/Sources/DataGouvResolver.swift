import Foundation

/// Finds the current file of a data.gouv.fr dataset through the API v1
/// (`GET {api}/datasets/{id}/` lists the resources with their `url`, `title` and `last_modified`).
public struct DataGouvResolver: Sendable {
    /// One resource of the API answer.
    public struct Resource: Sendable, Hashable, Decodable {
        public struct Checksum: Sendable, Hashable, Decodable {
            public var type: String
            public var value: String
        }
        public var id: String
        public var title: String
        public var url: String
        public var format: String?
        public var filesize: Int64?
        public var checksum: Checksum?
        /// ISO 8601 with a `+00:00` offset, sometimes microseconds.
        public var last_modified: String?
        public var latest: String?
    }

    private struct DatasetAnswer: Decodable {
        var id: String
        var resources: [Resource]
    }

    public var transport: any HTTPTransport
    /// `https://www.data.gouv.fr/api/1`, or a test server's.
    public var apiBase: String
    public var options: TransferOptions

    public init(transport: any HTTPTransport, apiBase: String = "https://www.data.gouv.fr/api/1",
                options: TransferOptions = TransferOptions()) {
        self.transport = transport
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.options = options
    }

    /// The resource of `dataset` whose title matches `titlePattern` (a `*`/`?` glob, case-insensitive);
    /// the most recently modified when several match. Throws ``FetchError/resolution(url:reason:)``.
    public func resolve(dataset: String, titlePattern: String) async throws -> Resource {
        let url = "\(apiBase)/datasets/\(dataset)/"
        let sink = MemorySink()
        let response: HTTPResponse
        do {
            response = try await transport.perform(HTTPRequest(url: url, headers: [("Accept", "application/json")],
                                                               options: options), into: sink)
        } catch {
            throw FetchError.resolution(url: url, reason: "\(error)")
        }
        guard response.status == 200 else {
            throw FetchError.resolution(url: url, reason: "the API answered \(response.status) \(HTTPStatusPhrase.phrase(response.status))")
        }
        return try Self.pick(from: sink.data, url: url, titlePattern: titlePattern)
    }

    /// Picks the resource from an API answer (separate so it can be tested on a stored answer).
    public static func pick(from data: Data, url: String, titlePattern: String) throws -> Resource {
        let answer: DatasetAnswer
        do { answer = try JSONDecoder().decode(DatasetAnswer.self, from: data) } catch {
            throw FetchError.resolution(url: url, reason: "unexpected API answer (\(error))")
        }
        let matching = answer.resources.filter { Glob.matches(titlePattern, $0.title) }
        guard !matching.isEmpty else {
            let titles = answer.resources.map(\.title).joined(separator: ", ")
            throw FetchError.resolution(url: url, reason: "no resource titled like '\(titlePattern)'; found: \(titles)")
        }
        return matching.max { lhs, rhs in
            (parseDate(lhs.last_modified) ?? .distantPast) < (parseDate(rhs.last_modified) ?? .distantPast)
        }!
    }

    /// Parses `2025-11-17T15:18:38.714000+00:00` (microseconds optional).
    static func parseDate(_ text: String?) -> Date? {
        guard var text else { return nil }
        if let dot = text.firstIndex(of: "."), let zone = text[dot...].firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "Z" }) {
            text.removeSubrange(dot..<zone)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text) ?? formatter.date(from: text + "Z")
    }
}

/// `*` and `?` wildcards, compared case-insensitively.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased()), t = Array(text.lowercased())
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
