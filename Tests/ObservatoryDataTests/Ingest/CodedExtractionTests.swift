import Foundation
import ObservatoryCore
import Testing
@testable import ObservatoryData

/// The coded extraction: rows read as bytes and numbered per distinct field, on a thread of
/// their own or not, give the observations the spec describes, in file order.
@Suite struct CodedExtractionTests {
    /// Everything one extraction gave: its batches and report, and the observations they decode to.
    struct Extraction {
        var batches: [ObservationBatch] = []
        var observations: [Observation] = []
        var report = ExtractionReport()
        var error: (any Error)?
    }

    static func extract(_ url: URL, _ spec: IngestSpec, concurrent: Bool, batchSize: Int = 1 << 16) -> Extraction {
        var extractor = ObservationExtractor(file: url, displayName: url.lastPathComponent, spec: spec, vintage: "2024",
                                             workDirectory: url.deletingLastPathComponent())
        extractor.concurrent = concurrent
        extractor.batchSize = batchSize
        var result = Extraction()
        var dictionaries = ObservationDictionaries()
        do {
            result.report = try extractor.run { batch in
                result.batches.append(batch)
                dictionaries.add(batch)
                for row in 0..<batch.count { result.observations.append(dictionaries.observation(batch, row)) }
            }
        } catch {
            result.error = error
        }
        return result
    }

    /// The DARES jobseekers layout, with what real files hold: masked cells (`*`, `secret`), a
    /// missing token, empty cells, a total row to exclude, a row without a commune, codes to pad,
    /// quoted fields, a sex written once composed and once decomposed, French decimals.
    static func jobseekersFile(rows: Int, badCellAtRow bad: Int? = nil, in directory: TemporaryDirectory) throws -> URL {
        var text = "\u{FEFF}Date;Code commune;Commune;Catégorie;Libellé catégorie;Sexe;Tranche d'âge;Département;Nom département;Nombre;Part\r\n"
        let sexes = ["Femmes", "Hommes", "Tous sexes confondus", "Fe\u{301}minin", "F\u{E9}minin"]
        for row in 0..<rows {
            let line = row + 2
            let commune = row % 7 == 0 ? "1001" : String(format: "%05d", 1000 + (row / 40) % 900)
            let quarter = "\(2015 + row % 9)-T\(1 + row % 4)"
            let category = row % 97 == 5 ? "TOTAL" : ["A", "B", "C", "ABC"][row % 4]
            let value: String
            if line == bad { value = "douze" } else {
                switch row % 23 {
                case 3: value = "*"
                case 5: value = "secret"
                case 7: value = ""
                case 9: value = "nd"
                case 11: value = "1 234,5"
                case 13: value = " 12 "
                case 15: value = "-0.25"
                default: value = "\(5 * (row % 400))"
                }
            }
            let code = row % 211 == 17 ? "" : commune
            let name = row % 2 == 0 ? "\"Commune \(commune); \"\"la\"\" belle\"" : "Commune \(commune)"
            text += "\(quarter);\(code);\(name);\(category);Catégorie \(category);\(sexes[row % sexes.count]);"
                + "De \(row % 3) à \(row % 5) ans;\(row % 95 + 1);Département \(row % 95 + 1);\(value);\(row % 10).5\r\n"
        }
        return try directory.file("jobseekers.csv", text)
    }

    static var jobseekersSpec: IngestSpec {
        var spec = IngestSpec(kind: .observations)
        spec.territory = .column(.init(name: "Code commune", pad: 5), .commune, nameColumn: "Commune")
        spec.period = .column("Date")
        spec.dimensions = [.init(name: "categorie", column: .init(name: "Catégorie")),
                           .init(name: "sexe", column: .init(name: "Sexe")),
                           .init(name: "age", column: .init(name: "Tranche d'âge"))]
        spec.labels = ["categorie": "Libellé catégorie"]
        spec.parents = [.departement: .init(name: "Département", pad: 2, labelColumn: "Nom département")]
        spec.measures = [.init(name: "defm", column: "Nombre"), .init(name: "part", column: "Part")]
        spec.exclude = ["Catégorie": ["TOTAL"]]
        spec.values.masked = ["*", "secret"]
        spec.values.missing = ["nd"]
        return spec
    }

    /// A report as text, every collection sorted, for comparisons.
    static func describe(_ report: ExtractionReport) -> String {
        [report.source, "\(report.rows) \(report.present) \(report.masked) \(report.missing) \(report.excluded) \(report.withoutTerritory) \(report.cutLabels)",
         report.territoryNames.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ","),
         report.territories.map(\.description).sorted().joined(separator: ","),
         report.labels.flatMap { d in d.value.map { "\(d.key):\($0.key)=\($0.value)" } }.sorted().joined(separator: ","),
         report.parents.flatMap { c in c.value.map { "\(c.key)<\($0)" } }.sorted().joined(separator: ","),
         report.notes.joined(separator: "|"), report.matchedNames.sorted().joined(separator: ","),
         report.unmatchedNames.sorted().joined(separator: ",")].joined(separator: "\n")
    }

    @Test(arguments: [1, 7, 1 << 16])
    func aThreadOfItsOwnGivesTheSameBatchesInTheSameOrder(batchSize: Int) throws {
        let directory = try TemporaryDirectory()
        let url = try Self.jobseekersFile(rows: 40_000, in: directory)
        let serial = Self.extract(url, Self.jobseekersSpec, concurrent: false, batchSize: batchSize)
        let concurrent = Self.extract(url, Self.jobseekersSpec, concurrent: true, batchSize: batchSize)
        #expect(serial.error == nil && concurrent.error == nil, "\(String(describing: serial.error ?? concurrent.error))")
        #expect(serial.batches.count == concurrent.batches.count)
        #expect(serial.batches == concurrent.batches)
        #expect(Self.describe(serial.report) == Self.describe(concurrent.report))
        #expect(serial.observations.count == 2 * (40_000 - serial.report.excluded - serial.report.withoutTerritory))
    }

    @Test func cellsAreTypedAndMaskedCellsStayMasked() throws {
        let directory = try TemporaryDirectory()
        let url = try Self.jobseekersFile(rows: 200, in: directory)
        let extraction = Self.extract(url, Self.jobseekersSpec, concurrent: true)
        try #require(extraction.error == nil, "\(String(describing: extraction.error))")
        let defm = extraction.observations.filter { $0.measure == "defm" }
        // Rows 0…199 less the totals (rows 5, 102, 199) and the row without a commune (row 17).
        #expect(extraction.report.rows == 200 && extraction.report.excluded == 3 && extraction.report.withoutTerritory == 1)
        #expect(defm.count == 196)
        let masked = defm.filter { $0.status == .masked }
        #expect(masked.count == 17, "rows ≡ 3 or 5 (mod 23), but row 5")
        #expect(masked.allSatisfy { $0.value == nil }, "a masked cell is not a zero")
        #expect(defm.filter { $0.status == .missing }.count == 18, "empty cells and the 'nd' token")
        #expect(extraction.report.masked == 17 && extraction.report.missing == 18 && extraction.report.present == 196 * 2 - 35)
        #expect(defm.contains { $0.value == 1234.5 } && defm.contains { $0.value == 12 } && defm.contains { $0.value == -0.25 })
        #expect(extraction.observations.allSatisfy { $0.territory.geography == .commune && $0.territory.code.count == 5 })
        // 1001 and 01001 are one commune; a composed and a decomposed « Féminin » are one code.
        #expect(extraction.report.territories.contains(TerritoryID(.commune, "01001")))
        #expect(!extraction.report.territories.contains(TerritoryID(.commune, "1001")))
        let sexes = Set(defm.compactMap { $0.dimensions["sexe"] })
        #expect(sexes.count == 4)
        #expect(extraction.report.territoryNames[TerritoryID(.commune, "01001")] == "Commune 1001; \"la\" belle")
        #expect(extraction.report.labels["categorie"]?["ABC"] == "Catégorie ABC")
        #expect(extraction.report.parents[TerritoryID(.commune, "01001")]?.contains(TerritoryID(.departement, "01")) == true)
        #expect(extraction.report.territoryNames[TerritoryID(.departement, "01")] == "Département 1")
        #expect(extraction.report.notes.contains("3 rows excluded by the dataset's 'exclude' rule"))
        #expect(extraction.report.notes.contains("1 rows without a territory code were skipped"))
    }

    @Test(arguments: [false, true])
    func aBadCellHandsOverTheRowsBeforeItThenFails(concurrent: Bool) throws {
        let directory = try TemporaryDirectory()
        let url = try Self.jobseekersFile(rows: 30_000, badCellAtRow: 20_002, in: directory)
        let extraction = Self.extract(url, Self.jobseekersSpec, concurrent: concurrent, batchSize: 4_096)
        guard case .notANumber(_, let row, let column, let text)? = extraction.error as? IngestError else {
            Issue.record("expected a cell that is not a number, got \(String(describing: extraction.error))")
            return
        }
        #expect(row == 20_002 && column == "Nombre" && text == "douze")
        // Everything before line 20 002 (rows 0…19 999) was handed over, nothing from it on.
        let shorter = try TemporaryDirectory()
        let before = Self.extract(try Self.jobseekersFile(rows: 20_000, in: shorter), Self.jobseekersSpec, concurrent: false)
        #expect(before.error == nil)
        #expect(extraction.observations == before.observations)
    }

    @Test func plainDecimalsAreReadAsDoubleReadsThem() {
        let parser = ValueParser(IngestSpec.Values())
        let tokens = ValueParser({ var values = IngestSpec.Values(); values.masked = ["*", "s"]; values.missing = ["nd", "0"]; return values }())
        var samples = ["0", "-0", "007", "12", "-12", "1.5", "0.1", "0.000123", "123456789012345", "1234567890123456",
                       "99999999999999.9", "3.14159265358979", "1.", ".5", "-", "", "1e5", "1,5", "+3", "0x10", " 1", "1 ",
                       "*", "12a", "1.2.3", "--1", "NaN", "inf", "00000000000000000001.5"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            for _ in 0..<digits { text += String(Int.random(in: 0...9, using: &generator)) }
            if Bool.random(using: &generator) {
                text += "."
                for _ in 0..<Int.random(in: 1...8, using: &generator) { text += String(Int.random(in: 0...9, using: &generator)) }
            }
            samples.append(text)
        }
        for (parser, text) in samples.map({ (parser, $0) }) + ["*", "s", "nd", "0", "00", "s ", "-0", "n"].map({ (tokens, $0) }) {
            let fast = Array(text.utf8).withUnsafeBufferPointer { parser.parse(bytes: $0) }
            guard let fast else { continue }
            let slow = parser.parse(.text(text))
            switch (fast, slow) {
            case (.value(let a), .value(let b)):
                #expect(a.bitPattern == b.bitPattern, "\(text): \(a) ≠ \(b)")
            case (.masked, .masked), (.missing, .missing):
                break
            default:
                Issue.record("\(text): \(fast) ≠ \(slow)")
            }
        }
    }

    @Test func interningNumbersFieldsInOrderOfFirstSight() {
        var interner = ByteInterner()
        var numbers: [Int32] = []
        var distinct = 0
        let words = (0..<5_000).map { "w\($0 % 1_700)" } + ["", "é", "w1"]
        for word in words {
            let (number, isNew) = Array(word.utf8).withUnsafeBufferPointer { interner.index(of: $0) }
            if isNew {
                #expect(number == Int32(distinct))
                distinct += 1
            }
            numbers.append(number)
        }
        #expect(interner.count == 1_702)
        #expect(numbers[1_700] == 0 && numbers[5_000] == 1_700 && numbers[5_001] == 1_701 && numbers[5_002] == 1)
    }
}

/// The real files of `../shared/data`, with their catalogue specs: the same batches whether the
/// file is read on a thread of its own or not, in big batches or small.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.absent))
struct CodedExtractionRealFilesTests {
    /// The repository's catalogue.
    static func spec(_ dataset: DatasetID, file: Int = 0) throws -> (IngestSpec, String) {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let catalog = try Catalog.load(directory: repository.appendingPathComponent("Indicators/datasets"))
        let entry = try #require(catalog.dataset(dataset)?.files[file])
        return (try #require(entry.ingest), entry.vintage)
    }

    @Test(arguments: [
        ("defm-communes", "dares-defm-communales/POP_CHOMAGE_DARES_dep91-Essonne.csv"),
        ("urssaf-ze", "urssaf-ze-quarterly/urssaf_emploi_ze_quarterly_raw.csv"),
        ("dares-tensions", "dares-portraitstatmetiers/tensions.csv"),
        ("chomage-dep-reg", "insee-chomage-dep-reg/taux_de_chomage.csv"),
        ("inserjeunes", "education-inserjeunes/fr-en-inserjeunes-cfa.csv"),
        ("chomage-ze", "insee-chomage-ze/chomage-zone-t1-2003-t3-2023.xlsx"),
        ("bmo", "francetravail-bmo/Base_open_data_BMO_2024_CVL-subset.xlsx"),
    ])
    func sameBatchesOnEitherThread(_ dataset: String, _ path: String) throws {
        let file = dataset == "bmo" ? 1 : 0
        let (spec, vintage) = try Self.spec(DatasetID(dataset), file: file)
        let url = SharedData.url(path)
        func extract(concurrent: Bool, batchSize: Int) throws -> ([ObservationBatch], String) {
            var extractor = ObservationExtractor(file: url, displayName: url.lastPathComponent, spec: spec, vintage: vintage,
                                                 workDirectory: FileManager.default.temporaryDirectory)
            extractor.concurrent = concurrent
            extractor.batchSize = batchSize
            var batches: [ObservationBatch] = []
            let report = try extractor.run { batches.append($0) }
            return (batches, CodedExtractionTests.describe(report))
        }
        let (serial, serialReport) = try extract(concurrent: false, batchSize: 1 << 16)
        let (concurrent, concurrentReport) = try extract(concurrent: true, batchSize: 1 << 16)
        #expect(serial == concurrent)
        #expect(serialReport == concurrentReport)
        #expect(serial.reduce(0) { $0 + $1.count } > 0)
        // Small batches: the same rows, the dictionaries spread over the batches.
        let (small, smallReport) = try extract(concurrent: true, batchSize: 1_000)
        var whole = ObservationDictionaries(), pieces = ObservationDictionaries()
        var wholeRows: [Observation] = [], pieceRows: [Observation] = []
        for batch in serial { whole.add(batch); for row in 0..<batch.count { wholeRows.append(whole.observation(batch, row)) } }
        for batch in small { pieces.add(batch); for row in 0..<batch.count { pieceRows.append(pieces.observation(batch, row)) } }
        #expect(wholeRows == pieceRows)
        #expect(smallReport == serialReport)
    }
}
