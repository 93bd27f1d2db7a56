import Foundation
import Testing

/// Locates the real published files in `<repo>/../shared/data` (never copied into the repo).
enum SharedData {
    /// `<repo>/../shared/data`, from this source file's path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // ObservatoryDataTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // the repository
        .deletingLastPathComponent() // its parent
        .appendingPathComponent("shared/data")

    /// Whether the folder is there; tests that need it are skipped otherwise.
    static let isAvailable = FileManager.default.fileExists(atPath: root.appendingPathComponent("SOURCES.md").path)

    /// The skip message of tests that read the folder.
    static let absent: Comment = "../shared/data absent (expected beside the repository): skipped"

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}

/// The self-written fixtures in `Tests/ObservatoryDataTests/Fixtures` (see its README).
enum ReaderFixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL {
        root.appendingPathComponent(name)
    }
}

/// A fresh directory under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("observatory-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes bytes to a file in the directory and returns its URL.
    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    func file(_ name: String, _ text: String) throws -> URL {
        try file(name, Array(text.utf8))
    }
}
