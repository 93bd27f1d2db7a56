import Foundation
import Observatory
import ObservatoryStore
import ObservatoryData
import Testing
import ZIPFoundation

/// Locates the real published files (`<repo>/../shared/data`) and the catalogue entries of the
/// referential datasets, and builds loader inputs from them.
enum ReferentialTestData {
    /// The package folder (this file is Tests/ObservatoryTests/Referentials/ReferentialTestData.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `<repo>/../shared/data`, absent on a machine without the real files.
    static let sharedData = repository.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true)
    static let isAvailable = FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("SOURCES.md").path)
    static let absent: Comment = "../shared/data is absent (expected beside the repository): tests on the real referential files are skipped"

    static func url(_ relativePath: String) -> URL {
        sharedData.appendingPathComponent(relativePath)
    }

    /// The referential datasets' catalogue entries, read from copies of their YAML files only (so
    /// that a half-edited entry of another dataset cannot break these tests).
    static func catalog() throws -> Catalog {
        let folder = try temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["rome4", "fap", "formacode", "lheo", "rncp"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent("Indicators/datasets/\(name).yaml"),
                                             to: folder.appendingPathComponent("\(name).yaml"))
        }
        return try Catalog.load(directory: folder)
    }

    /// The input of a catalogue file, read from `file` (by default the catalogue name's real file).
    static func input(_ dataset: String, _ name: String, file: URL) throws -> ReferentialInput {
        let definition = try #require(try catalog().datasets.first { $0.id.rawValue == dataset })
        let entry = try #require(definition.files.first { $0.name == name }, "no file \(name) in \(dataset).yaml")
        let spec = try #require(entry.ingest, "\(dataset).yaml gives \(name) no ingest spec")
        return ReferentialInput(file: file, dataset: definition.id, catalogFile: entry, spec: spec,
                                workDirectory: try temporaryDirectory("work"))
    }

    /// Loads `input`, then removes its work directory (the caller's duty) and, when `removing`
    /// is set, that folder too (a ZIP built for the test).
    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase,
                     removing folder: URL? = nil) throws -> ReferentialReport {
        defer {
            try? FileManager.default.removeItem(at: input.workDirectory)
            if let folder { try? FileManager.default.removeItem(at: folder) }
        }
        return try ReferentialLoader.load(input, into: database)
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("referential-tests-\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `RefRomeCsv.zip` as the test mirror serves it (`scripts/make-mirror`), laid out once per
    /// test run; `nil` when it could not be made.
    static let mirroredRomeZip: URL? = {
        // One folder, laid out again by each run (make-mirror's output is deterministic).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("referential-tests-mirror", isDirectory: true)
        guard isAvailable else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("scripts/make-mirror").path, sharedData.path, folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let zip = folder.appendingPathComponent("rome4/RefRomeCsv.zip")
        return process.terminationStatus == 0 && FileManager.default.fileExists(atPath: zip.path) ? zip : nil
    }()

    /// A ZIP of the CSV files of a `shared/data` folder, as France Travail packs them, leaving
    /// out the members whose name contains one of `excluding` and replacing the contents of those
    /// named in `replacing`.
    static func romeZip(of folder: String, excluding: [String] = [], replacing: [String: String] = [:]) throws -> URL {
        let source = url(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: source.path).filter { $0.hasSuffix(".csv") }.sorted()
        let zip = try temporaryDirectory("zip").appendingPathComponent("RefRomeCsv.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        for name in names where !excluding.contains(where: { name.contains($0) }) {
            let replacement = replacing.first { name.contains($0.key) }?.value
            let data = try replacement.map { Data($0.utf8) } ?? Data(contentsOf: source.appendingPathComponent(name))
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return zip
    }
}
