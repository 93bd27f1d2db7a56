import Foundation
import ObservatoryConfig
import ObservatoryCore
import ObservatoryData

/// URLs that replace the catalogue's, per file: `bmo/Base_open_data_BMO_2024.xlsx: https://…`.
///
/// Read from `Indicators/sources.local.yaml` (kept out of git) and from `--source ID/FILE=URL`.
public struct SourceOverrides: Sendable {
    public var urls: [String: String]

    public init(urls: [String: String] = [:]) { self.urls = urls }

    /// Reads the overrides file if it exists; problems are thrown as diagnostics.
    public static func load(_ url: URL, displayRoot: URL?) throws -> SourceOverrides {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return SourceOverrides() }
        let diagnostics = DiagnosticCollector()
        let source = ConfigSource(path: ConfigPaths.display(url, relativeTo: displayRoot), text: text)
        var urls: [String: String] = [:]
        if let root = source.parse(into: diagnostics), let mapping = root.mapping("the overrides file", into: diagnostics) {
            for key in mapping.keys {
                guard let value = mapping.string(key, required: true, into: diagnostics) else { continue }
                // Overrides are fetched over HTTP: a file:// URL would copy a local file into the cache.
                guard value.hasPrefix("https://") || value.hasPrefix("http://") else {
                    diagnostics.add(mapping[key]!.error("the URL of '\(key)' must start with https:// or http://, not '\(TextCap.cut(value, 80))'"))
                    continue
                }
                urls[key] = value
            }
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics.diagnostics) }
        return SourceOverrides(urls: urls)
    }

    /// Parses `ID/FILE=URL`; `nil` when malformed.
    public static func parseArgument(_ text: String) -> (String, String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = String(text[..<equals]), value = String(text[text.index(after: equals)...])
        guard key.contains("/"), value.hasPrefix("http://") || value.hasPrefix("https://") else { return nil }
        return (key, value)
    }

    /// Reports overrides that name no catalogue file (a typo would otherwise be silently ignored).
    public func unknownKeys(in catalog: Catalog) -> [String] {
        let known = Set(catalog.datasets.flatMap { dataset in dataset.files.map { "\(dataset.id)/\($0.name)" } })
        return urls.keys.filter { !known.contains($0) }.sorted()
    }
}
