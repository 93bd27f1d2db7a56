import Foundation
import ObservatoryStore

/// A cheap guard against a damaged store: `PRAGMA quick_check` runs only when the store file
/// (or its write-ahead log) changed size or modification time since the last check that found it
/// sound, whose stamp is kept in `Cache/observatory.sqlite.checked`; an unchanged store costs two
/// `stat` calls.
public struct StoreCheck: Sendable {
    public var layout: ProjectLayout

    public init(layout: ProjectLayout) {
        self.layout = layout
    }

    /// The store is damaged: what SQLite said, and what to do.
    public struct Damage: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var problems: [String]

        public var description: String {
            let first = problems.first.map { $0.count > 200 ? $0.prefix(200) + "…" : Substring($0) } ?? "unknown problem"
            let more = problems.count > 1 ? " and \(problems.count - 1) more problem(s)" : ""
            return "the store \(path) is damaged (SQLite quick_check: \(first)\(more)); nothing was changed: "
                + "run observatory repair to set it aside and rebuild it from the downloaded files"
        }
    }

    /// `Cache/observatory.sqlite.checked`: the stamp of the store as last found sound.
    public var stampFile: URL { layout.cache.appendingPathComponent("observatory.sqlite.checked") }

    /// Size and modification time of the store and of its write-ahead log; `nil` without a store.
    public func stamp() -> String? {
        let store = layout.storeFile.path
        guard FileManager.default.fileExists(atPath: store) else { return nil }
        return [store, store + "-wal"].map { path -> String in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "-" }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size)@\(String(format: "%.6f", time))"
        }.joined(separator: " ")
    }

    /// Records the store's current stamp after a run that found it sound at its start and wrote
    /// nothing to it (it held the run lock): closing the store copies its kept write-ahead log
    /// back into the file, the same bytes with a new date, and the next run would otherwise check
    /// it again for nothing. Does nothing when no sound check was recorded.
    public func restamp() {
        guard FileManager.default.fileExists(atPath: stampFile.path), let current = stamp() else { return }
        try? Data(current.utf8).write(to: stampFile, options: .atomic)
    }

    /// Throws ``Damage`` when the store changed since its last good check and `quick_check`
    /// finds a problem; records the new stamp when it is sound.
    /// - Returns: whether `quick_check` ran (`false`: no store, or unchanged since its last check).
    @discardableResult
    public func verify() throws(Damage) -> Bool {
        guard let current = stamp() else { return false }
        if let known = try? String(contentsOf: stampFile, encoding: .utf8), known == current { return false }
        let problems = ObservatoryDatabase.quickCheck(at: layout.storeFile)
        guard problems.isEmpty else {
            try? FileManager.default.removeItem(at: stampFile)
            throw Damage(path: layout.storeFile.path, problems: problems)
        }
        // Checking may have replayed the log: stamp what is there now.
        try? Data((stamp() ?? current).utf8).write(to: stampFile, options: .atomic)
        return true
    }
}
