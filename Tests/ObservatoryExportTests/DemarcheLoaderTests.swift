import Foundation
import ObservatoryConfig
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// `Indicators/demarches/*.yaml`: a good file reads back whole; a bad one gives every mistake at once, positioned.
@Suite struct DemarcheLoaderTests {
    static func parse(_ text: String, stem: String = "vierzon-2021") throws -> (DemarcheDefinition?, [Diagnostic]) {
        let library = try ExportFixture.library()
        let diagnostics = DiagnosticCollector()
        let result = DemarcheLoader.parse(ConfigSource(path: "Indicators/demarches/\(stem).yaml", text: text), stem: stem,
                                          library: library, customBasins: ["alpha", "beta"], into: diagnostics)
        return (result, diagnostics.diagnostics)
    }

    @Test func aGoodFileReadsBackWhole() throws {
        let (demarche, diagnostics) = try Self.parse("""
            id: vierzon-2021
            title: "Recrutement dans l'industrie"
            description: Exemple.
            example: true
            territory: custom:alpha
            start: "2021"
            meetings:
              - {date: 2022-03-15, label: Comité de pilotage}
              - 2023-03-14
            indicators:
              - indicator: projets
                target: {direction: down}
              - indicator: chomage
                target: {value: 7.5}
              - {indicator: top_metiers, key: J1Z80, note: "Aides-soignants"}
            compare:
              region: reg:24
              departement: dep:18
              peers: [custom:beta, ze2020:2415]
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let d = try #require(demarche)
        #expect(d.territory == TerritoryID(.custom, "alpha") && d.start == .year(2021) && d.isExample)
        #expect(d.meetings == [.init(date: "2022-03-15", label: "Comité de pilotage"), .init(date: "2023-03-14")])
        #expect(d.indicators.map(\.indicator) == ["projets", "chomage", "top_metiers"])
        #expect(d.indicators[0].target == .init(direction: .down))
        #expect(d.indicators[1].target == .init(value: 7.5, direction: .down), "chomage is lower_is_better: the level is a ceiling")
        #expect(d.indicators[2].key == "J1Z80")
        #expect(d.comparisons.map(\.role) == ["region", "departement", "peer", "peer"])
        #expect(d.pagePath == "demarche/vierzon-2021")
    }

    @Test func everyMistakeIsReportedAtOnceWithItsPosition() throws {
        let (demarche, diagnostics) = try Self.parse("""
            id: Vierzon
            title: "Recrutement"
            territory: custom:omega
            start: "2021-S1"
            meetings:
              - {date: 2022-02-30}
              - 2020-05-01
              - {label: sans date}
            indicators:
              - projet
              - top_metiers
              - {indicator: chomage, key: X}
              - {indicator: projets, target: {value: 10}}
            compare:
              region: dep:18
              peers: [custom:alpha, nowhere]
            colour: bleu
            """)
        #expect(demarche == nil)
        let lines = diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
        let expected: [(Int, Int, String)] = [
            (1, 5, "démarche id 'Vierzon' must match its file name 'vierzon-2021.yaml'"),
            (1, 5, "démarche id 'Vierzon' must use lower-case letters"),
            (3, 12, "unknown custom basin 'omega'"),
            (4, 8, "'start' must be a period"),
            (6, 12, "a meeting date must be a day written YYYY-MM-DD (2023-03-14), not '2022-02-30'"),
            (8, 5, "a meeting needs 'date'"),
            (10, 5, "unknown indicator 'projet'; did you mean 'projets'?"),
            (11, 5, "indicator 'top_metiers' gives a table"),
            (12, 31, "indicator 'chomage' gives one number per territory: 'key' is for table indicators"),
            (13, 34, "indicator 'projets' has no better direction (direction: neutral)"),
            (15, 11, "'region' must be a région"),
            (16, 25, "'nowhere' is not a territory"),
            (17, 1, "unknown key 'colour' in a démarche"),
        ]
        for (line, column, message) in expected {
            #expect(lines.contains { $0.hasPrefix("\(line):\(column): \(message)") }, "missing \(line):\(column): \(message) in\n\(lines.joined(separator: "\n"))")
        }
        // Start unparsed: the meeting before 2021 cannot be checked against it, and is not invented either.
        #expect(diagnostics.allSatisfy { $0.file == "Indicators/demarches/vierzon-2021.yaml" && $0.severity == .error })
        #expect(diagnostics.contains { $0.description.hasPrefix("Indicators/demarches/vierzon-2021.yaml:1:5: error: démarche id 'Vierzon'") })
        #expect(diagnostics.contains { $0.description.hasSuffix("  - {date: 2022-02-30}\n           ^") }, "a caret under the mistake")
    }

    @Test func aMeetingBeforeTheStartAndMeetingsOutOfOrder() throws {
        let (_, diagnostics) = try Self.parse("""
            id: vierzon-2021
            title: t
            territory: custom:alpha
            start: "2021-T2"
            meetings: [2021-03-31, 2022-06-01, 2022-01-10, 2022-06-01]
            indicators: [projets]
            compare: {peers: [custom:alpha]}
            """)
        let lines = diagnostics.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.severity.rawValue): \($0.message)" }
        #expect(lines.contains("5:12: error: the meeting of 2021-03-31 is before the start of the démarche (2021-T2)"), "\(lines)")
        #expect(lines.contains("5:36: error: meetings must be listed in date order: 2022-01-10 comes after 2022-06-01"), "\(lines)")
        #expect(lines.contains("5:48: warning: the meeting of 2022-06-01 is listed twice"), "\(lines)")
        #expect(lines.contains("7:19: error: the territory followed cannot be its own peer"), "\(lines)")
    }

    @Test func invalidYAMLAndMissingKeys() throws {
        let (_, broken) = try Self.parse("id: [unclosed\n")
        #expect(broken.count == 1 && broken[0].message.hasPrefix("invalid YAML") && broken[0].line != nil)
        let (_, empty) = try Self.parse("id: vierzon-2021\n")
        let messages = empty.map(\.message)
        for key in ["title", "start", "indicators"] { #expect(messages.contains("missing required key '\(key)'"), "\(messages)") }
        #expect(messages.contains { $0.hasPrefix("missing required key 'territory'") })
    }

    @Test func theLoaderReadsAFolderAndThrowsEveryFilesMistakes() throws {
        let folder = try ExportFixture.temporaryFolder("demarches")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("id: a\ntitle: t\nterritory: custom:alpha\nstart: \"2021\"\nindicators: [projets]\n".utf8).write(to: folder.appendingPathComponent("a.yaml"))
        try Data("id: b\ntitle: t\nterritory: custom:alpha\nstart: \"2021\"\nindicators: [nope]\n".utf8).write(to: folder.appendingPathComponent("b.yaml"))
        try Data("id: x\n".utf8).write(to: folder.appendingPathComponent("c.yaml"))
        let library = try ExportFixture.library()
        let error = try #require(throws: DiagnosticsError.self) {
            try DemarcheLoader.load(directory: folder, displayRoot: folder, library: library, customBasins: ["alpha"])
        }
        #expect(error.diagnostics.contains { $0.file == "b.yaml" && $0.line == 5 && $0.message.hasPrefix("unknown indicator 'nope'") })
        #expect(error.diagnostics.contains { $0.file == "c.yaml" && $0.message.contains("must match its file name 'c.yaml'") })
        try FileManager.default.removeItem(at: folder.appendingPathComponent("b.yaml"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("c.yaml"))
        let loaded = try DemarcheLoader.load(directory: folder, displayRoot: folder, library: library, customBasins: ["alpha"])
        #expect(loaded.demarches.map(\.id) == ["a"])
    }
}
