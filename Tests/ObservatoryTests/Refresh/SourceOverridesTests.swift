import Foundation
@testable import Observatory
import ObservatoryCore
import Testing

/// `Indicators/sources.local.yaml` replaces URLs with http(s) URLs only: `check` refuses a file:// one.
@Suite struct SourceOverridesTests {
    @Test func aFileURLIsRefusedWithItsPosition() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("overrides-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sources.local.yaml")
        try """
            bmo/Base_open_data_BMO_2024.xlsx: http://127.0.0.1:8765/bmo/Base_open_data_BMO_2024.xlsx
            rome4/RefRomeCsv.zip: file:///etc/passwd
            """.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: DiagnosticsError.self) { try SourceOverrides.load(file, displayRoot: folder) }
        #expect(error.diagnostics.map { $0.description.components(separatedBy: "\n")[0] } == [
            "sources.local.yaml:2:23: error: the URL of 'rome4/RefRomeCsv.zip' must start with https:// or http://, not 'file:///etc/passwd'",
        ])
    }
}
