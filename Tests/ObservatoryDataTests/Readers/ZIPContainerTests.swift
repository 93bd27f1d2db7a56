import Foundation
import Testing
@testable import ObservatoryData

/// Picking and extracting members of generated ZIP archives.
@Suite struct ZIPContainerTests {
    private func archive(_ members: [(String, String)], in directory: TemporaryDirectory,
                         name: String = "data.zip") throws -> URL {
        let url = directory.url.appendingPathComponent(name)
        try ArchiveBuilder.zip(at: url, members.map { ($0.0, Array($0.1.utf8)) })
        return url
    }

    @Test func picksTheMemberMatchingAGlob() throws {
        let directory = try TemporaryDirectory()
        let url = try archive([("notice.pdf", "%PDF"), ("RefRomeCsv/unix_referentiel_code_rome_v460_utf8.csv", "a,b\n1,2\n"),
                               ("RefRomeCsv/unix_referentiel_appellation_v460_utf8.csv", "x\n")], in: directory)
        let container = try ZIPContainer(url: url)
        #expect(container.memberNames.count == 3)
        #expect(try container.member(matching: "unix_referentiel_code_rome_v*_utf8.csv")
                == "RefRomeCsv/unix_referentiel_code_rome_v460_utf8.csv")
        let output = directory.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let file = try container.extractMember(matching: "*code_rome*.csv", to: output)
        #expect(file.lastPathComponent == "unix_referentiel_code_rome_v460_utf8.csv")
        #expect(try CSVReader(url: file).rows().map(\.cells) == [[.text("a"), .text("b")], [.text("1"), .text("2")]])
        // Extracting again replaces the file.
        #expect(try container.extractMember(matching: "*code_rome*.csv", to: output) == file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == [file.lastPathComponent])
    }

    @Test func noMatchAndAmbiguityAreErrors() throws {
        let directory = try TemporaryDirectory()
        let url = try archive([("a.csv", "1"), ("b.csv", "2")], in: directory)
        let container = try ZIPContainer(url: url)
        #expect(throws: ZIPContainerError.noMatch(file: "data.zip", pattern: "*.xlsx", members: ["a.csv", "b.csv"])) {
            try container.member(matching: "*.xlsx")
        }
        #expect(throws: ZIPContainerError.ambiguous(file: "data.zip", pattern: "*.csv", matches: ["a.csv", "b.csv"])) {
            try container.member(matching: "*.csv")
        }
        #expect(try container.member(matching: "[a]?csv") == "a.csv")
    }

    @Test(arguments: ["../evil.txt", "data/../../evil.txt", "/etc/evil.txt", "..\\evil.txt", "C:evil.txt"])
    func unsafeMemberNamesAreRefused(_ name: String) throws {
        let directory = try TemporaryDirectory()
        let url = try archive([(name, "pwned"), ("safe.csv", "ok")], in: directory)
        let container = try ZIPContainer(url: url)
        let output = directory.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let error = try #require(throws: ZIPContainerError.self) { try container.extractMember(matching: "*evil.txt", to: output) }
        #expect(error == .unsafeMemberPath(file: "data.zip", member: name))
        #expect(error.description.contains("refused member '\(name)'"))
        #expect(throws: ZIPContainerError.unsafeMemberPath(file: "data.zip", member: name)) {
            try container.extract(member: name, to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("evil.txt").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
        #expect(try container.extractMember(matching: "safe.csv", to: output).lastPathComponent == "safe.csv")
    }

    @Test func sizeLimitFromTheHeader() throws {
        let directory = try TemporaryDirectory()
        let url = try archive([("big.csv", String(repeating: "0123456789\n", count: 1000))], in: directory)
        let container = try ZIPContainer(url: url, sizeLimit: 1000)
        let error = try #require(throws: ZIPContainerError.self) { try container.extract(member: "big.csv", to: directory.url) }
        guard case .tooLarge(_, "big.csv", 1000, let detail) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(detail == "its header declares 11000 bytes, over the limit of 1000")
    }

    /// A header that understates the size (a zip bomb's trick) is caught while inflating.
    @Test func sizeLimitWhileExtracting() throws {
        let directory = try TemporaryDirectory()
        let url = try archive([("bomb.csv", String(repeating: "0", count: 200_000))], in: directory)
        var bytes = try [UInt8](Data(contentsOf: url))
        // Write 10 as the uncompressed size in the local header (offset 22) and the central
        // directory record (offset 24).
        for (signature, offset) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22), ([0x50, 0x4B, 0x01, 0x02], 24)] {
            let start = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == signature })
            bytes.replaceSubrange((start + offset)..<(start + offset + 4), with: [10, 0, 0, 0])
        }
        try Data(bytes).write(to: url)
        let container = try ZIPContainer(url: url, sizeLimit: 1000)
        let output = directory.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let error = try #require(throws: ZIPContainerError.self) { try container.extract(member: "bomb.csv", to: output) }
        #expect(error == .tooLarge(file: "data.zip", member: "bomb.csv", limit: 1000, detail: "more than 1000 bytes once inflated"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
    }

    @Test func truncatedArchiveIsNotReadable() throws {
        let directory = try TemporaryDirectory()
        let url = try archive([("a.csv", String(repeating: "x", count: 5000))], in: directory)
        let bytes = try [UInt8](Data(contentsOf: url))
        try Data(bytes.prefix(bytes.count / 2)).write(to: url)
        #expect(throws: ZIPContainerError.notReadable(file: "data.zip", reason: "ZIP central directory not found")) {
            try ZIPContainer(url: url)
        }
    }

    @Test(arguments: [("*.xlsx", "dir/file.xlsx", true), ("*.xlsx", "file.xls", false), ("dir/*.csv", "dir/a.csv", true),
                      ("*/a.csv", "dir/sub/a.csv", false), ("a?c", "abc", true), ("[!a]bc", "abc", false),
                      ("[a-c]x", "bx", true), ("v*_utf8.csv", "v460_utf8.csv", true)])
    func globs(_ pattern: String, _ name: String, _ expected: Bool) {
        #expect(ZIPContainer.glob(pattern, matches: name) == expected)
    }

    @Test func fileKinds() throws {
        let directory = try TemporaryDirectory()
        let zip = try archive([("a.csv", "1")], in: directory)
        let xlsx = directory.url.appendingPathComponent("book.xlsx")
        try ArchiveBuilder.xlsx(at: xlsx, sheets: [("S", "")])
        #expect(try FileKind.detect(zip) == .zip)
        #expect(try FileKind.detect(xlsx) == .xlsx)
        #expect(try FileKind.detect(directory.file("a.xml", "\u{FEFF}<?xml version=\"1.0\"?><lheo/>")) == .xml)
        #expect(try FileKind.detect(directory.file("a.html", "\n<!DOCTYPE html><html></html>")) == .html)
        #expect(try FileKind.detect(directory.file("b.html", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">")) == .html)
        #expect(try FileKind.detect(directory.file("a.json", " {\"a\": 1}")) == .json)
        #expect(try FileKind.detect(directory.file("a.csv", "a;b\n1;2\n")) == .text)
        #expect(try FileKind.detect(directory.file("a.gz", [0x1F, 0x8B, 8, 0])) == .binary)
        #expect(try FileKind.detect(directory.file("empty", [])) == .empty)
        #expect(FileKind.xlsx.satisfies(.zip) && FileKind.xlsx.satisfies(.xlsx) && !FileKind.zip.satisfies(.xlsx))
        #expect(FileKind.text.satisfies(.csv) && !FileKind.html.satisfies(.xml))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.absent))
    func realWorkbooksAreXLSX() throws {
        #expect(try FileKind.detect(SharedData.url("francetravail-bmo/Base_open_data_23_CVL-subset.xlsx")) == .xlsx)
        #expect(try FileKind.detect(SharedData.url("lheo-schema/exemple-bts-onisep.xml")) == .xml)
        #expect(try FileKind.detect(SharedData.url("dares-fap2021/Intitules_FAP2021.csv")) == .text)
    }
}
