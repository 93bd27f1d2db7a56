import Foundation
import ObservatoryCore
import ObservatoryExport
import ObservatoryIndicators
import Testing

/// A small invented observatory (not real statistics): four indicators, a basin whose name
/// carries markup, its département, région, France and a peer; masked, approximate and missing
/// values on purpose.
enum ExportFixture {
    static let basin = TerritoryID(.custom, "alpha")
    static let peer = TerritoryID(.custom, "beta")
    static let departement = TerritoryID(.departement, "18")
    static let region = TerritoryID(.region, "24")
    /// A hostile name: markup, an ampersand and quotes must come out inert and intact.
    static let hostileName = #"Bassin <script>alert("x")</script> & "Co" l'Ouest"#
    static let hostileLabel = #"Aides & "soignants" <b>gras</b>"#

    static let symbols = StaticSymbols([
        "bmo": .init(measures: ["met": .count, "xmet": .count], dimensions: ["metier"]),
        "chomage-ze": .init(measures: ["taux": .percent]),
    ])

    static let files: [String: String] = [
        "chomage.yaml": """
            id: chomage
            title: "Taux de chômage"
            description: "Taux de chômage localisé (fixture inventée)."
            unit: percent
            formula: 'chomage-ze.taux'
            geography: ze2020
            periods: latest
            compare: [departement, region, france]
            direction: lower_is_better
            source: "INSEE (fixture)"
            chart: lollipop
            """,
        "chomage_serie.yaml": """
            id: chomage_serie
            title: "Taux de chômage depuis 2023"
            description: "Série trimestrielle (fixture inventée)."
            unit: percent
            formula: 'chomage-ze.taux'
            geography: ze2020
            periods: series
            compare: [region, france]
            direction: lower_is_better
            source: "INSEE (fixture)"
            chart: line
            """,
        "projets.yaml": """
            id: projets
            title: "Projets de recrutement"
            description: "Projets de recrutement (fixture inventée)."
            unit: count
            formula: 'bmo.met'
            geography: bassin-bmo
            periods: series
            compare: [departement, region, france]
            direction: neutral
            source: "France Travail (fixture)"
            chart: bar
            """,
        "top_metiers.yaml": """
            id: top_metiers
            title: "Métiers les plus recherchés"
            description: "Les métiers les plus recherchés (fixture inventée)."
            unit: count
            formula: 'top(by(bmo.met, metier), 3)'
            geography: bassin-bmo
            periods: latest
            direction: neutral
            source: "France Travail (fixture)"
            chart: ranked_bar
            breakdown: {dimension: metier, top: 3}
            """,
    ]

    static let dashboardYAML = """
        id: territoire
        title: Tableau de bord (fixture)
        kind: territory
        geographies: [custom]
        key_figures:
          - {indicator: chomage, sparkline: chomage_serie}
          - projets
        peer_table: [chomage, projets]
        sections:
          - title: Chômage
            indicators: [chomage, chomage_serie]
          - title: Besoins en recrutement
            indicators: [projets, top_metiers]
        """

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("observatory-export-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func library() throws -> IndicatorLibrary {
        let folder = try temporaryFolder("library")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return try IndicatorLibrary.load(directory: folder, displayRoot: folder, symbols: symbols)
    }

    static func dashboard(library: IndicatorLibrary) throws -> DashboardDefinition {
        let folder = try temporaryFolder("dashboards")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(dashboardYAML.utf8).write(to: folder.appendingPathComponent("territoire.yaml"))
        return try #require(try DashboardLoader.load(directory: folder, displayRoot: folder, library: library).first)
    }

    static let bmo = Provenance(dataset: "bmo", vintage: "2024", file: "BMO_2024.xlsx",
                                sha256: String(repeating: "ab", count: 32), fetchedAt: Date(timeIntervalSince1970: 1_780_000_000))
    static let insee = Provenance(dataset: "chomage-ze", vintage: "2024-T4", file: "chomage-zone.xlsx",
                                  sha256: String(repeating: "cd", count: 32), fetchedAt: nil)

    static func exact(_ number: Double, _ source: Provenance) -> EvaluationResult { .scalar(.exact(number, sources: [source])) }

    static func data() throws -> ExportData {
        let library = try library()
        let q = (1...4).map { Period.quarter(2024, $0) }
        let masked = Value(lower: 1_413, upper: 1_530, maskedCells: 39, reason: nil, sources: [bmo])
        let approximate = Value(lower: 7.9, upper: 7.9, maskedCells: 0,
                                extent: Extent(coverage: 1, apportioned: 0.13, key: .activePopulation, weightedMean: true),
                                reason: nil, sources: [insee])
        let table = Table(dimension: "metier", entries: [
            .init(key: "J1Z80", value: .exact(217, sources: [bmo])),
            .init(key: "S1X40", value: .masked(bound: 30, sources: [bmo])),
            .init(key: "T4Z60", value: .exact(64, sources: [bmo])),
            .init(key: "T4Z61", value: .none(.other("no projects in the fixture"), sources: [bmo])),
        ])
        let values: [String: [TerritoryID: ExportData.Series]] = [
            "chomage": [
                basin: [(q[3], .scalar(approximate))],
                departement: [(q[3], .scalar(.none(.noDataForTerritory(measure: "chomage-ze.taux", territory: departement, period: q[3]), sources: [insee])))],
                region: [(q[3], exact(7.4, insee))],
                .france: [(q[3], exact(7.3, insee))],
                peer: [(q[3], exact(8.8, insee))],
            ],
            "chomage_serie": [
                basin: zip(q, [8.2, 8.0, nil, 7.9]).map { ($0, $1.map { exact($0, insee) } ?? .scalar(.none(.onlyMissingCells(measure: nil)))) },
                region: zip(q, [7.6, 7.5, 7.5, 7.4]).map { ($0, exact($1, insee)) },
                .france: zip(q, [7.5, 7.4, 7.4, 7.3]).map { ($0, exact($1, insee)) },
            ],
            "projets": [
                basin: [(.year(2023), exact(1_380, bmo)), (.year(2024), .scalar(masked))],
                departement: [(.year(2024), exact(9_909, bmo))],
                region: [(.year(2024), exact(98_613, bmo))],
                .france: [(.year(2024), exact(2_751_069, bmo))],
                peer: [(.year(2024), exact(2_655, bmo))],
            ],
            "top_metiers": [basin: [(.year(2024), .table(table))]],
        ]
        return ExportData(
            library: library, values: values,
            names: [basin: hostileName, peer: "Bassin Bêta", departement: "Cher", region: "Centre-Val de Loire", .france: "France"],
            references: [basin: [(.departement, departement), (.region, region), (.france, .france)]],
            peers: [basin: [peer]],
            labels: ["metier": ["J1Z80": "Aides-soignants", "S1X40": hostileLabel, "T4Z60": "Conducteurs de transport en commun sur route",
                                 "T4Z61": "Conducteurs sur rails"]],
            datasets: ["bmo": ("Enquête Besoins en main-d'œuvre", "France Travail"), "chomage-ze": ("Taux de chômage localisés", "INSEE")])
    }
}

/// A command-line tool the tests run, when the machine has it.
struct ExternalTool: Sendable {
    let path: String

    static func find(_ names: [String]) -> ExternalTool {
        ExternalTool(path: names.first { FileManager.default.isExecutableFile(atPath: $0) } ?? names[0])
    }

    static let xmllint = find(["/usr/bin/xmllint"])
    static let rsvgConvert = find(["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"])
    static let chromium = find(["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"])
    /// GDAL's `ogrinfo` (Debian's gdal-bin), the reader QGIS opens GeoJSON with.
    static let ogrinfo = find(["/usr/bin/ogrinfo"])
    /// Debian's python3 with python3-jsonschema (install-deps installs both).
    static let python = find(["/usr/bin/python3"])

    var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// A headless Chromium screenshot of `page` (at `#anchor`), 1000 × 1400: expects no console
    /// message, and gives the share of non-white pixels and the number of colours
    /// (`scripts/png-stats`: "1000x1400 ink=0.0668 colours=183").
    static func screenshot(_ page: URL, anchor: String? = nil, in folder: URL) throws -> (ink: Double, colours: Double, stats: String) {
        let png = folder.appendingPathComponent("screenshot-\(UUID().uuidString).png")
        let result = try chromium.run([
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("chromium-profile").path)", "--enable-logging=stderr", "--v=0",
            "--window-size=1000,1400", "--screenshot=\(png.path)", page.absoluteString + (anchor.map { "#" + $0 } ?? ""),
        ])
        #expect(result.status == 0, "chromium: \(result.errorOutput.suffix(2_000))")
        let console = result.errorOutput.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console messages: \(console.joined(separator: "\n"))")
        let stats = try python.run([repositoryRoot.appendingPathComponent("scripts/png-stats").path, png.path])
        #expect(stats.status == 0, "\(stats.errorOutput)")
        let fields = Dictionary(stats.output.split(separator: " ").dropFirst().compactMap { part -> (String, Double)? in
            let pair = part.split(separator: "=")
            return pair.count == 2 ? (String(pair[0]), Double(pair[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) : nil
        }, uniquingKeysWith: { a, _ in a })
        return (fields["ink"] ?? 0, fields["colours"] ?? 0, stats.output)
    }

    static var hasJSONSchema: Bool {
        guard python.isAvailable, let result = try? python.run(["-c", "import jsonschema"]) else { return false }
        return result.status == 0
    }

    /// Runs the tool to completion; stdin closed, output and errors collected.
    func run(_ arguments: [String], timeout: TimeInterval = 120) throws -> (status: Int32, output: String, errorOutput: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

/// The repository root (for Schemas/ and scripts/).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
