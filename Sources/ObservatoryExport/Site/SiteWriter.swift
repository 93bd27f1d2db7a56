import Foundation
import ObservatoryCore

/// Writes the site's files, each only when its bytes changed (an unchanged page keeps its
/// modification time), atomically, and removes the files of a previous export that this one no
/// longer produces.
public final class SiteWriter {
    public let root: URL
    public private(set) var written: [String] = []
    public private(set) var unchanged = 0
    private var produced: Set<String> = []
    /// Folders this writer created or found (a folder is not asked for again for every file).
    private var folders: Set<String> = []

    public init(root: URL) { self.root = root }

    /// Writes `data` at `path` (relative to the root) unless the file already holds those bytes.
    public func write(_ data: Data, to path: String) throws {
        produced.insert(path)
        let url = root.appendingPathComponent(path)
        if let existing = try? Data(contentsOf: url), existing == data {
            unchanged += 1
            return
        }
        do {
            let folder = url.deletingLastPathComponent()
            if !folders.contains(folder.path) {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                folders.insert(folder.path)
            }
            try data.write(to: url, options: .atomic)
        } catch {
            throw SiteWriteError(path: url.path, reason: SystemError.text(error))
        }
        written.append(path)
    }

    public func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Deletes the files under `folders` that this export did not produce (pages of territories no
    /// longer exported); returns their paths.
    @discardableResult
    public func removeStale(in folders: [String]) throws -> [String] {
        var removed: [String] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            let prefix = root.standardizedFileURL.path + "/"
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
                if !produced.contains(path) {
                    try FileManager.default.removeItem(at: url)
                    removed.append(path)
                }
            }
        }
        return removed.sorted()
    }

    public var producedCount: Int { produced.count }
}

/// A page that could not be written, in one line: `cannot write site/x.html: disk full (…)`.
public struct SiteWriteError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason); the files already written are complete, the others keep their previous version" }
}
