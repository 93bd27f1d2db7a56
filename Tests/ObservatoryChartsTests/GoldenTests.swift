import Foundation
import ObservatoryCharts
import Testing

/// Golden SVG files, compared byte for byte; `OBSERVATORY_UPDATE_GOLDEN=1` rewrites them.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["OBSERVATORY_UPDATE_GOLDEN"] == "1"

    @Test(arguments: GoldenCharts.names)
    func matchesGoldenFile(name: String) throws {
        try Self.compare(try #require(GoldenCharts.all[name]).render(), name: name)
    }

    /// `svg` against `Golden/<name>.svg`, byte for byte (rewritten with OBSERVATORY_UPDATE_GOLDEN=1).
    static func compare(_ svg: String, name: String) throws {
        let url = folder.appendingPathComponent(name + ".svg")
        if updating {
            try Data(svg.utf8).write(to: url)
            return
        }
        let golden = try #require(try? String(contentsOf: url, encoding: .utf8),
                                  "missing \(url.path); run with OBSERVATORY_UPDATE_GOLDEN=1 to create it")
        #expect(svg == golden, "\(name).svg differs; rerun with OBSERVATORY_UPDATE_GOLDEN=1 and review the diff")
    }

    /// xmllint accepts the file.
    static func lint(_ file: TemporarySVG, name: String) throws {
        let result = try ExternalTool.xmllint.run(["--noout", file.url.path])
        #expect(result.status == 0, "xmllint rejected \(name).svg: \(result.errorOutput)")
    }

    /// rsvg-convert draws the file into a PNG that is not blank.
    static func render(_ file: TemporarySVG, name: String) throws {
        let png = file.url.deletingPathExtension().appendingPathExtension("png")
        let result = try ExternalTool.rsvgConvert.run(["-o", png.path, file.url.path])
        #expect(result.status == 0, "rsvg-convert failed on \(name).svg: \(result.errorOutput)")
        let size = (try FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 600, "\(name).png is only \(size) bytes: probably blank")
        try? FileManager.default.removeItem(at: png)
    }

    @Test(.enabled(if: ExternalTool.xmllint.isAvailable, "skipped: /usr/bin/xmllint is absent"),
          arguments: GoldenCharts.names)
    func passesXmllint(name: String) throws {
        try Self.lint(try TemporarySVG(name: name), name: name)
    }

    @Test(.enabled(if: ExternalTool.rsvgConvert.isAvailable, "skipped: rsvg-convert is absent"),
          arguments: GoldenCharts.names)
    func rendersToNonBlankPNG(name: String) throws {
        try Self.render(try TemporarySVG(name: name), name: name)
    }
}

/// A freshly rendered golden chart written to a temporary folder of its own (removed on deinit),
/// so that tests running in parallel on the same chart never share a file.
final class TemporarySVG {
    let url: URL
    private let directory: URL

    convenience init(name: String) throws {
        try self.init(name: name, svg: try #require(GoldenCharts.all[name]).render())
    }

    init(name: String, svg: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("observatory-charts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name + ".svg")
        try Data(svg.utf8).write(to: url)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

/// A command-line tool used to check SVG output.
struct ExternalTool: Sendable {
    let path: String

    static let xmllint = ExternalTool(path: "/usr/bin/xmllint")
    static let rsvgConvert = ExternalTool(path: ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/rsvg-convert")

    var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs the tool to completion; stdin is closed so it cannot wait for input.
    func run(_ arguments: [String]) throws -> (status: Int32, errorOutput: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
