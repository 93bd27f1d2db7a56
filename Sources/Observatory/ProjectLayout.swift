import Foundation

/// Where the project's config, cache and output live.
public struct ProjectLayout: Sendable {
    /// The project folder (holding `Indicators/` and `Cache/`).
    public var root: URL
    /// The analyst config, `Indicators/`.
    public var indicators: URL
    /// Downloads, manifests and the store, `Cache/`.
    public var cache: URL

    public init(root: URL, indicators: URL? = nil, cache: URL? = nil) {
        self.root = root.standardizedFileURL
        self.indicators = (indicators ?? root.appendingPathComponent("Indicators", isDirectory: true)).standardizedFileURL
        self.cache = (cache ?? root.appendingPathComponent("Cache", isDirectory: true)).standardizedFileURL
    }

    public var datasetsDirectory: URL { indicators.appendingPathComponent("datasets", isDirectory: true) }
    public var territoriesDirectory: URL { indicators.appendingPathComponent("territories", isDirectory: true) }
    /// Former commune codes and their communes nouvelles.
    public var successionsFile: URL { indicators.appendingPathComponent("communes/successions.csv") }
    /// The SQLite store, `Cache/observatory.sqlite`.
    public var storeFile: URL { cache.appendingPathComponent("observatory.sqlite") }
    /// Local URL overrides, not committed: `Indicators/sources.local.yaml`.
    public var sourceOverridesFile: URL { indicators.appendingPathComponent("sources.local.yaml") }

    /// The nearest folder, from `start` upwards, that holds `Indicators/datasets`; `nil` if none.
    public static func find(from start: URL) -> ProjectLayout? {
        var folder = start.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent("Indicators/datasets", isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return ProjectLayout(root: folder)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
