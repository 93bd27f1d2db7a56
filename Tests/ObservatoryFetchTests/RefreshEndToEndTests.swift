import Crypto
import Foundation
import Logging
import Observatory
import ObservatoryCore
import ObservatoryData
import ObservatoryExport
import ObservatoryFetch
import Testing

/// The main job end to end, as staff run it before a committee: nginx serving a mirror of
/// ../shared/data, `refresh` from an empty cache, again (nothing downloaded, nothing recomputed,
/// the same site bytes), after one file changes (only its dataset's indicators recomputed, the
/// change report names them), and with one file corrupted (its dataset keeps its last good
/// values, the others refresh, the run fails).
@Suite(.serialized, .enabled(if: TestPaths.hasSharedData, TestPaths.sharedDataMissing),
       .enabled(if: Nginx.binary != nil, "nginx is not installed: the end-to-end refresh test is skipped"))
struct RefreshEndToEndTests {
    /// Every file of the site with its bytes' checksum and modification time.
    static func snapshot(_ root: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey])
        for case let url as URL in enumerator! where (try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let date = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate!
            let digest = SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
            result[String(url.path.dropFirst(root.path.count))] = "\(digest) \(date.timeIntervalSince1970)"
        }
        return result
    }

    /// Changes the offers and the tension of one of Vierzon's rows in the mirrored tension file (the size changes too,
    /// so nginx gives it a new ETag).
    static func editTensionFile(_ mirror: URL, append: String) throws {
        let url = mirror.appendingPathComponent("tension-rome-bassin/cities-tension-utf8.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(";2402;") && $0.hasPrefix("2020;") })
        var fields = lines[index].components(separatedBy: ";")
        fields[5] += append
        fields[7] += append
        lines[index] = fields.joined(separator: ";")
        try replace(url, with: Data(lines.joined(separator: "\n").utf8))
    }

    /// Replaces a mirrored file by a new one. The mirror's files are symbolic links to
    /// ../shared/data: the link is removed first, so the published file is never written to.
    static func replace(_ url: URL, with data: Data) throws {
        try FileManager.default.removeItem(at: url)
        try data.write(to: url, options: .withoutOverwriting)
    }

    static func value(_ site: URL, page: String, indicator: String) throws -> [String] {
        let data = try Data(contentsOf: site.appendingPathComponent("data/territoire/\(page).json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sections = try #require(document["sections"] as? [[String: Any]])
        let block = try #require(sections.flatMap { $0["indicators"] as? [[String: Any]] ?? [] }.first { $0["id"] as? String == indicator })
        return (block["values"] as? [[String: Any]] ?? []).filter { $0["role"] as? String == "subject" }.compactMap { $0["text"] as? String }
    }

    /// The `reason` strings of every page's JSON that read as English (the engine's words that no French rule translated).
    static func englishReasons(_ site: URL) throws -> Set<String> {
        let english = try Regex(#"\b(the|of|is|not|has|covers|missing|without|value|values|data|units?|shared|weighted)\b"#)
        var found: Set<String> = []
        func walk(_ node: Any) {
            if let object = node as? [String: Any] {
                for (key, child) in object {
                    if key == "reason", let text = child as? String, text.contains(english) { found.insert(text) } else { walk(child) }
                }
            } else if let array = node as? [Any] { array.forEach(walk) }
        }
        let folder = site.appendingPathComponent("data/territoire")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            walk(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))))
        }
        return found
    }

    /// The maps of the région's site: a locator on every page, choropleths of the 22 bassins and
    /// the 19 zones d'emploi on the région's page, the GeoJSON a GIS opens; every map SVG well-formed.
    static func checkMaps(_ site: URL, pages: Int) throws {
        let region = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("data/territoire/reg-24.json"))) as? [String: Any])
        let maps = try #require(region["maps"] as? [[String: Any]])
        let counts = maps.map { ($0["geography"] as? String ?? "", ($0["values"] as? [Any])?.count ?? 0) }
        #expect(counts.contains { $0 == ("bassin-bmo", 22) } && counts.contains { $0 == ("ze2020", 19) }, "\(counts)")
        var svgs: [String] = []
        for folder in try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("svg/territoire").path) {
            let locator = site.appendingPathComponent("svg/territoire/\(folder)/situation.svg")
            #expect(FileManager.default.fileExists(atPath: locator.path), "\(folder) has no locator map")
            svgs.append(locator.path)
        }
        #expect(svgs.count == pages - 1, "every territory page has its locator map (the filière's page is the région's)")
        svgs += maps.compactMap { $0["map_file"] as? String }.map { site.appendingPathComponent($0).path }
        let lint = Process()
        lint.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        lint.arguments = ["--noout"] + svgs
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
            try lint.run()
            lint.waitUntilExit()
            #expect(lint.terminationStatus == 0, "a map SVG is not well-formed XML")
        }
        for (geography, count) in [("dep", 6), ("ze2020", 19), ("bassin-bmo", 22), ("custom", 5)] {
            let data = try Data(contentsOf: site.appendingPathComponent("geo/reg-24-\(geography).geojson"))
            let collection = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let features = try #require(collection["features"] as? [[String: Any]])
            #expect(features.count == count, "\(geography)")
            // GDAL (QGIS's reader) opens it and finds every shape valid in longitude/latitude.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo") {
                let ogr = Process()
                let pipe = Pipe()
                ogr.executableURL = URL(fileURLWithPath: "/usr/bin/ogrinfo")
                ogr.arguments = ["-ro", "-dialect", "SQLite", "-sql",
                                 "SELECT count(*) AS n, sum(ST_IsValid(geometry)) AS valid FROM \"reg-24-\(geography)\"",
                                 site.appendingPathComponent("geo/reg-24-\(geography).geojson").path]
                ogr.standardOutput = pipe
                ogr.standardError = FileHandle.nullDevice
                try ogr.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                ogr.waitUntilExit()
                #expect(output.contains("n (Integer) = \(count)") && output.contains("valid (Integer) = \(count)"), "\(geography): \(output)")
            }
            #expect(features.allSatisfy { ($0["geometry"] as? [String: Any])?["type"] as? String == "MultiPolygon" })
        }
    }

    @Test func emptyCacheThenNoOpThenChangedFileThenCorruptedFile() async throws {
        let (mirror, present) = try NginxMirrorTests.makeMirror()
        defer { try? FileManager.default.removeItem(at: mirror) }
        // The files this test edits on the mirror, as published: they must come out untouched.
        let published = ["francetravail-bmo/Base_open_data_BMO_2024.xlsx", "francetravail-mobiville/cities-tension-utf8.csv"]
            .map { TestPaths.sharedData.appendingPathComponent($0) }
        let checksums = try published.map(NginxMirrorTests.sha256(of:))
        defer { #expect((try? published.map(NginxMirrorTests.sha256(of:))) == checksums, "../shared/data was modified") }
        let nginx = try Nginx(serving: mirror)
        defer { nginx.stop() }
        let cache = try TestPaths.temporaryDirectory("e2e-cache")
        let site = try TestPaths.temporaryDirectory("e2e-site")
        defer {
            try? FileManager.default.removeItem(at: cache)
            try? FileManager.default.removeItem(at: site)
        }
        let layout = ProjectLayout(root: TestPaths.repository, cache: cache)
        let catalog = try Catalog.load(directory: layout.datasetsDirectory)
        let service = RefreshService(layout: layout, transport: CurlTransport(version: "test"), logger: Logger(label: "test"))
        var options = FetchOptions()
        options.mirror = nginx.baseURL + "/"
        let library = try ComputeService(layout: layout).library(catalog: catalog)

        // 1. From an empty cache: everything downloaded, ingested, computed, exported.
        let first = try await service.run(catalog: catalog, options: options, scope: .region("24"), output: site)
        #expect(!first.isFailure, "\(first.ingest.failures.map { "\($0.file.name): \($0.result)" })")
        #expect(first.fetch.downloaded.count == present.count)
        #expect(first.ingest.failures.isEmpty)
        #expect(first.recomputed.count == library.indicators.count)
        let export = try #require(first.export)
        #expect(export.pages == first.pages && first.pages >= 50, "the région's territories, the five basins, France and the filière")
        for page in ["index.html", "methodes.html", "changements.html", "index.json", "territoire/custom-vierzon.html",
                     "data/territoire/bassin-bmo-2402.json", "csv/territoire/custom-tours.csv", "filiere-agroalimentaire/reg-24.html"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(page).path), "\(page) is missing")
        }
        try Self.checkMaps(site, pages: export.pages)
        let english = try Self.englishReasons(site)
        #expect(english.isEmpty, "every missing-value reason on the site is in French; in English: \(english.prefix(10))")
        let before = try Self.snapshot(site)
        let bmoBefore = try Self.value(site, page: "bassin-bmo-2402", indicator: "bmo_projets")
        let tensionBefore = try Self.value(site, page: "bassin-bmo-2402", indicator: "tension_moyenne_metiers")
        #expect(!bmoBefore.isEmpty && !tensionBefore.isEmpty)

        // 2. Again: nothing downloaded, nothing recomputed, the same bytes.
        let accessBefore = nginx.accessLog.count
        let second = try await service.run(catalog: catalog, options: options, scope: .region("24"), output: site)
        #expect(second.fetch.downloaded.isEmpty && second.fetch.notModified.count == present.count)
        #expect(nginx.accessLog.dropFirst(accessBefore).allSatisfy { $0.hasPrefix("304") || $0.hasPrefix("404") })
        #expect(second.ingest.ingested.isEmpty)
        #expect(second.computed == nil && second.recomputed.isEmpty)
        #expect(second.export == nil && second.exportNote == "site up to date")
        // Decided from stamps: what the last published refresh was made from is kept.
        #expect(second.pages == first.pages && second.territories == first.territories)
        #expect(FileManager.default.fileExists(atPath: service.lastRefreshFile.path))
        #expect(try Self.snapshot(site) == before, "a no-op refresh leaves every byte and date of the site as it was")

        // 3. One mirrored file changes: only its dataset's indicators are recomputed, and the report names the moves.
        try Self.editTensionFile(mirror, append: "00")
        let third = try await service.run(catalog: catalog, options: options, scope: .region("24"), output: site)
        #expect(!third.isFailure)
        #expect(third.fetch.downloaded.map(\.file.name) == ["cities-tension-utf8.csv"])
        #expect(third.ingest.ingested.map(\.file.name) == ["cities-tension-utf8.csv"])
        let readers = Set(library.indicators.filter { indicator in
            indicator.dependencies.datasets.contains("tension-rome-bassin")
                || indicator.dependencies.indicators.contains { library.indicator($0)?.dependencies.datasets.contains("tension-rome-bassin") == true }
        }.map(\.id))
        #expect(!readers.isEmpty && Set(third.recomputed) == readers, "recomputed \(third.recomputed), expected \(readers.sorted())")
        #expect(!third.changes.isEmpty && third.changes.allSatisfy { readers.contains($0.indicator.id) })
        #expect(third.changes.contains { $0.territory == TerritoryID(.bassinBMO, "2402") })
        let changesPage = try String(contentsOf: site.appendingPathComponent("changements.html"), encoding: .utf8)
        #expect(changesPage.contains("cities-tension-utf8.csv"))
        #expect(changesPage.contains(HTML.escape(try #require(third.changes.first).text)))
        #expect(try Self.value(site, page: "bassin-bmo-2402", indicator: "bmo_projets") == bmoBefore)
        // The démarches follow the mean tension: its history keeps the value shown before the file
        // changed and the new one, and the change is a revision (another checksum), not hidden.
        let tensionHistory = DemarcheService(layout: layout).history.load("tension_moyenne_metiers")
            .filter { $0.territory == TerritoryID(.bassinBMO, "2402") }
        let revisions = Dictionary(grouping: tensionHistory, by: \.slot).values.flatMap { HistoryRecord.revisions($0, unit: .index) }
        #expect(!revisions.isEmpty && revisions.allSatisfy { $0.kind == "revision" && $0.text.hasPrefix("révisé le ") },
                "\(tensionHistory.count) records, revisions \(revisions.map(\.text))")
        #expect(revisions.allSatisfy { $0.newFiles.contains { $0.contains("cities-tension-utf8.csv") } })

        // 4. A corrupted BMO file and another change: BMO keeps its last good values, the rest refreshes, the run fails.
        var corrupted = Data([0x50, 0x4B, 0x03, 0x04])
        corrupted.append(Data(repeating: 0x2A, count: 4_096))
        try Self.replace(mirror.appendingPathComponent("bmo/Base_open_data_BMO_2024.xlsx"), with: corrupted)
        try Self.editTensionFile(mirror, append: "1")
        let fourth = try await service.run(catalog: catalog, options: options, scope: .region("24"), output: site)
        #expect(fourth.isFailure, "a corrupted file fails the run (exit 1)")
        #expect(fourth.ingest.failures.map(\.file.name) == ["Base_open_data_BMO_2024.xlsx"])
        #expect(fourth.ingest.ingested.map(\.file.name) == ["cities-tension-utf8.csv"])
        #expect(fourth.kept.contains { $0.hasPrefix("bmo :") && $0.contains("Base_open_data_BMO_2024.xlsx") })
        #expect(!fourth.recomputed.contains("bmo_projets"))
        #expect(try Self.value(site, page: "bassin-bmo-2402", indicator: "bmo_projets") == bmoBefore, "BMO keeps its last good values")
        #expect(try Self.value(site, page: "bassin-bmo-2402", indicator: "tension_moyenne_metiers") != tensionBefore)
        let failurePage = try String(contentsOf: site.appendingPathComponent("changements.html"), encoding: .utf8)
        #expect(failurePage.contains("Base_open_data_BMO_2024.xlsx"))
    }
}

