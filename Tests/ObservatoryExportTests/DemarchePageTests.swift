import Foundation
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// The follow-up page built from the invented fixture, with a history holding a revision.
@Suite(.serialized) struct DemarchePageTests {
    static let demarche = DemarcheDefinition(
        id: "alpha-2023", title: "Démarche d'essai", description: "Exemple (fixture).", isExample: true,
        territory: ExportFixture.basin, start: .year(2023),
        meetings: [.init(date: "2024-06-10", label: "Comité"), .init(date: "2030-01-15")],
        indicators: [.init(indicator: "projets", target: .init(direction: .down)),
                     .init(indicator: "chomage_serie", target: .init(value: 7.5, direction: .down))],
        region: ExportFixture.region, peers: [ExportFixture.peer])

    /// The fixture with the démarche and a history: chômage T4 2024 first recorded at 8,1 % from
    /// another file, then 7,9 % from today's file (a revision); T1 2024 recorded before the meeting.
    static func data() throws -> ExportData {
        var data = try ExportFixture.data()
        data.demarches = [demarche]
        let oldFile = Provenance(dataset: "chomage-ze", vintage: "2024-T4", file: "chomage-zone.xlsx",
                                 sha256: String(repeating: "ee", count: 32), fetchedAt: nil)
        data.history["chomage_serie"] = [
            HistoryRecord(recordedAt: "2024-05-02T06:15:00Z", territory: ExportFixture.basin, period: .quarter(2024, 1), key: nil,
                          value: .exact(8.3, sources: [oldFile])),
            HistoryRecord(recordedAt: "2025-02-03T06:15:00Z", territory: ExportFixture.basin, period: .quarter(2024, 4), key: nil,
                          value: .exact(8.1, sources: [oldFile])),
            HistoryRecord(recordedAt: "2025-05-05T06:15:00Z", territory: ExportFixture.basin, period: .quarter(2024, 4), key: nil,
                          value: .exact(7.9, sources: [ExportFixture.insee])),
        ]
        return data
    }

    @Test func startLatestChangeAndDifferenceFromTheFixture() throws {
        let document = DemarcheBuilder(data: try Self.data()).document(Self.demarche)
        let projets = try #require(document.indicators.first { $0.indicator == "projets" })
        let subject = try #require(projets.rows.first)
        #expect(subject.role == "subject" && subject.start?.period == "2023" && subject.latest?.period == "2024")
        // 1 380 → [1 413 ; 1 530]: a change of [33 ; 150], never a single number.
        #expect(subject.change.lower == 33 && subject.change.upper == 150 && subject.change.status == "masked" && subject.change.direction == "up")
        #expect(subject.change.text == "entre +33 et +150 (39 cellules masquées)")
        #expect(projets.target?.status == "not_met", "a fall was aimed for, the projects rose")
        // The région has one period since the start: no change, and no difference, rather than a zero.
        let region = try #require(projets.rows.first { $0.role == "region" })
        #expect(region.change.status == "no_value" && region.difference?.status == "no_value")

        let chomage = try #require(document.indicators.first { $0.indicator == "chomage_serie" })
        let basin = try #require(chomage.rows.first)
        #expect(basin.start?.period == "2024-T1" && basin.latest?.period == "2024-T4")
        #expect(chomage.notes.contains("Première période publiée depuis le début de la démarche (2023) : T1 2024."))
        #expect(abs(basin.change.lower! + 0.3) < 1e-9 && basin.change.text == "\u{2212}0,3\u{00A0}pt")
        let centre = try #require(chomage.rows.first { $0.role == "region" })
        #expect(abs(centre.change.lower! + 0.2) < 1e-9)
        #expect(abs(centre.difference!.lower! + 0.1) < 1e-9 && centre.difference?.direction == "down")
        #expect(chomage.target?.status == "not_met" && chomage.target?.text.hasPrefix("Cible : au plus 7,5") == true)
        // The revision, from another file, is shown as such.
        #expect(basin.revisions.count == 1)
        let revision = try #require(basin.revisions.first)
        #expect(revision.kind == "revision" && revision.period == "2024-T4")
        #expect(revision.text == "révisé le 5 mai 2025 : 8,1\u{00A0}% → 7,9\u{00A0}%")
        // At the meeting of 10 June 2024 the site showed T1 2024 at 8,3 % (later republished at 8,2 %).
        let since = try #require(chomage.sinceLastMeeting)
        #expect(since.meeting == "2024-06-10" && since.moved && since.shown?.period == "2024-T1")
        #expect(since.text.hasPrefix("Depuis la réunion du 10 juin 2024 (nouvelle période publiée) : 8,3\u{00A0}% (T1 2024) → 7,9\u{00A0}% (T4 2024)"))
        #expect(document.meetings.map(\.status) == ["past", "upcoming"])
        #expect(document.historyAsOf == "2025-05-05T06:15:00Z")
        // The chart marks the start and the meetings.
        let rules = try #require(chomage.chart?.rules)
        #expect(rules.map(\.label) == ["Début", "R1", "R2"] && rules.first?.period == .quarter(2023, 1) && rules[1].period == .quarter(2024, 2))
        #expect(chomage.chart?.render().contains("data-period=\"2024-T2\"") == true)
    }

    @Test func noHistoryIsSaidNotHidden() throws {
        var data = try Self.data()
        data.history = [:]
        let document = DemarcheBuilder(data: data).document(Self.demarche)
        #expect(document.historyAsOf == nil && document.meetings.allSatisfy { $0.status == "no_history" })
        #expect(document.indicators.allSatisfy { $0.sinceLastMeeting == nil && $0.rows.allSatisfy { $0.revisions.isEmpty } })
        let html = DemarchePage(document: document).render()
        #expect(html.contains("Aucun rafraîchissement n'a encore enregistré d'historique"))
    }

    static func writeSite() throws -> URL {
        let data = try Self.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let root = try ExportFixture.temporaryFolder("demarche-site")
        var schemas: [String: Data] = [:]
        for name in ["dashboard.schema.json", "index.schema.json", "demarche.schema.json"] {
            schemas[name] = try Data(contentsOf: repositoryRoot.appendingPathComponent("Schemas/\(name)"))
        }
        _ = try SiteExport(builder: DashboardBuilder(data: data))
            .write([.territory(dashboard, ExportFixture.basin), .territory(dashboard, ExportFixture.peer)], to: SiteWriter(root: root),
                   methods: MethodsData(datasets: [], library: data.library), changes: nil, schemas: schemas, removeStale: true)
        return root
    }

    @Test func thePageIsInTheSiteLinkedFromItsBasinAndTheIndex() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        for file in ["demarche/alpha-2023.html", "data/demarche/alpha-2023.json", "csv/demarche/alpha-2023.csv",
                     "svg/demarche/alpha-2023/chomage-serie.svg"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file) missing")
        }
        let basin = try String(contentsOf: root.appendingPathComponent("territoire/custom-alpha.html"), encoding: .utf8)
        #expect(basin.contains("<a href=\"../demarche/alpha-2023.html\">Démarche d'essai</a> (exemple)"))
        let peer = try String(contentsOf: root.appendingPathComponent("territoire/custom-beta.html"), encoding: .utf8)
        #expect(!peer.contains("demarche/alpha-2023.html"), "only the basin followed links to it")
        let index = try String(contentsOf: root.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"demarche/alpha-2023.html\">"))
        let page = try String(contentsOf: root.appendingPathComponent("demarche/alpha-2023.html"), encoding: .utf8)
        #expect(page.contains("une association, pas un effet") && page.contains("révisé le 5 mai 2025"))
        #expect(page.contains("entre +33 et +150 (39 cellules masquées)"))
        #expect(page.contains("<a href=\"../territoire/custom-alpha.html\">"))
        let css = try String(contentsOf: root.appendingPathComponent("style.css"), encoding: .utf8)
        #expect(css.contains("@page { size: A4"))
        let csvData = try Data(contentsOf: root.appendingPathComponent("csv/demarche/alpha-2023.csv"))
        #expect(csvData.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 BOM")
        let csv = String(decoding: csvData, as: UTF8.self)
        #expect(csv.contains("indicateur;cle;titre"))
        #expect(csv.contains(";33;150;masked;up;"), "the interval as two bounds:\n\(csv)")
        let json = try Data(contentsOf: root.appendingPathComponent("data/demarche/alpha-2023.json"))
        let decoded = try DocumentJSON.decode(DemarcheDocument.self, from: json)
        #expect(decoded == DemarcheBuilder(data: try Self.data()).document(Self.demarche))
        // The same data and history give the same bytes.
        let again = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: again) }
        for file in ["demarche/alpha-2023.html", "data/demarche/alpha-2023.json", "csv/demarche/alpha-2023.csv"] {
            #expect(try Data(contentsOf: root.appendingPathComponent(file)) == Data(contentsOf: again.appendingPathComponent(file)))
        }
    }

    @Test(.enabled(if: ExternalTool.hasJSONSchema, "skipped: /usr/bin/python3 with jsonschema is absent (apt-get install python3-jsonschema)"))
    func theJSONValidatesAgainstItsSchema() throws {
        let root = try Self.writeSite()
        defer { try? FileManager.default.removeItem(at: root) }
        let script = repositoryRoot.appendingPathComponent("scripts/validate-json").path
        let valid = try ExternalTool.python.run([script, root.path])
        #expect(valid.status == 0, "\(valid.output)\(valid.errorOutput)")
        // The index, the page, the démarche and the page's three references (département, région, France).
        #expect(valid.output.contains("7 JSON files checked") && valid.output.contains("0 error(s)"), "\(valid.output)")
        // Not a rubber stamp: a change given as one number while it is an interval's status.
        let file = root.appendingPathComponent("data/demarche/alpha-2023.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"direction\":\"up\"", with: "\"direction\":\"upwards\"")
        try Data(text.utf8).write(to: file)
        let invalid = try ExternalTool.python.run([script, root.path])
        #expect(invalid.status == 1 && invalid.output.contains("'upwards' is not one of"), "\(invalid.output)")
    }
}
