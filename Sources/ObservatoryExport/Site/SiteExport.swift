import Foundation
import ObservatoryCharts
import ObservatoryCore

/// What to write.
public enum ExportFormat: String, Sendable, CaseIterable {
    case json, svg, html, csv
    /// Each page's charts as data, with their series (`charts/<dashboard>/<page>.json`): for those
    /// who redraw them in their own tool, and for the chart benchmark. Not written by default.
    case charts

    /// What an export writes unless told otherwise.
    public static let site: Set<ExportFormat> = [.json, .svg, .html, .csv]
}

/// One page to produce: a territory under a territory dashboard, or a filière across a région.
public enum PageRequest: Sendable {
    case territory(DashboardDefinition, TerritoryID)
    case filiere(DashboardDefinition, region: TerritoryID, territories: [TerritoryID])

    var dashboard: DashboardDefinition {
        switch self {
        case .territory(let dashboard, _), .filiere(let dashboard, _, _): dashboard
        }
    }

    var territory: TerritoryID {
        switch self {
        case .territory(_, let territory): territory
        case .filiere(_, let region, _): region
        }
    }

    /// `territoire/custom-vierzon`.
    public var path: String { "\(dashboard.id)/\(Slug.territory(territory))" }
}

/// Counts of what an export did.
public struct SiteExportSummary: Sendable {
    public var pages: Int
    public var charts: Int
    public var files: Int
    public var written: Int
    public var unchanged: Int
    public var removed: [String]
    /// Maps drawn (locators and choropleths), and the time spent drawing them (summed over threads).
    public var maps: Int = 0
    public var mapSeconds: Double = 0
}

/// Writes the static site: one HTML page, JSON and CSV per page, SVG per chart, the index, the
/// "Données et méthodes" and "Changements" pages, the stylesheet and the JSON schemas.
public struct SiteExport: Sendable {
    public var builder: DashboardBuilder
    public var formats: Set<ExportFormat>
    public var siteTitle: String

    public init(builder: DashboardBuilder, formats: Set<ExportFormat> = ExportFormat.site,
                siteTitle: String = "Observatoire territorial emploi-compétences") {
        self.builder = builder
        self.formats = formats
        self.siteTitle = siteTitle
    }

    /// Builds one page: its document and every file it gives (path → bytes).
    public func render(_ request: PageRequest) throws -> (document: DashboardDocument, files: [(String, Data)], charts: Int) {
        let page = try renderPage(request)
        return (page.document, page.files, page.charts)
    }

    /// One page, with its maps counted and timed apart.
    func renderPage(_ request: PageRequest) throws
        -> (document: DashboardDocument, files: [(String, Data)], charts: Int, maps: Int, mapSeconds: Double) {
        let document: DashboardDocument = switch request {
        case .territory(let dashboard, let territory): builder.document(dashboard, territory: territory)
        case .filiere(let dashboard, let region, let territories): builder.filiereDocument(dashboard, region: region, territories: territories)
        }
        var files: [(String, Data)] = []
        var rendered: [ChartSpec: String] = [:]
        var specs: [(file: String, spec: ChartSpec)] = []
        for figure in document.keyFigures { if let spec = figure.sparkline, let file = figure.sparklineFile { specs.append((file, spec)) } }
        for indicator in document.sections.flatMap(\.indicators) { if let spec = indicator.chart, let file = indicator.chartFile { specs.append((file, spec)) } }
        if let table = document.peerTable { specs.append((table.chartFile, table.chart)) }
        if formats.contains(.svg) || formats.contains(.html) {
            for (file, spec) in specs {
                let svg = rendered[spec] ?? spec.render()
                rendered[spec] = svg
                if formats.contains(.svg) { files.append((file, Data(svg.utf8))) }
            }
        }
        var renderedMaps: [String: String] = [:]
        let mapsStarted = DispatchTime.now().uptimeNanoseconds
        if let maps = builder.data.maps, formats.contains(.svg) || formats.contains(.html) {
            for map in [document.locator].compactMap({ $0 }) + (document.maps ?? []) {
                let svg = maps.render(map.map)
                renderedMaps[map.mapFile] = svg
                if formats.contains(.svg) { files.append((map.mapFile, Data(svg.utf8))) }
            }
        }
        let mapSeconds = Double(DispatchTime.now().uptimeNanoseconds - mapsStarted) / 1e9
        let path = request.path
        if formats.contains(.html) {
            var page = DashboardPage(document: document, root: "../") { rendered[$0] ?? $0.render() }
            page.mapSVG = { renderedMaps[$0.mapFile] ?? "" }
            files.append(("\(path).html", Data(page.render().utf8)))
        }
        if formats.contains(.json) { files.append(("data/\(path).json", try DocumentJSON.encode(document.published))) }
        if formats.contains(.csv) { files.append(("csv/\(path).csv", CSVExport.render(document))) }
        if formats.contains(.charts) {
            let charts = ChartDataDocument(page: path, charts: specs.map { ChartDataDocument.Entry(file: $0.file, chart: $0.spec) })
            files.append(("charts/\(path).json", try DocumentJSON.encode(charts)))
        }
        return (document, files, specs.count, renderedMaps.count, mapSeconds)
    }

    /// Writes every page, then the index and shared pages. `removeStale` deletes pages of a
    /// previous export that this one does not produce (leave it off when exporting a few territories).
    public func write(_ requests: [PageRequest], to writer: SiteWriter, methods: MethodsData?, changes: ChangeReport?,
                      schemas: [String: Data], removeStale: Bool,
                      progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> SiteExportSummary {
        var pages: [SiteIndexDocument.PageRef] = []
        var allSources: Set<SourceDoc> = []
        var charts = 0
        var maps = 0
        var mapSeconds = 0.0
        var geojson: [String: (region: TerritoryID, geography: Geography, indicators: [String])] = [:]
        // The references' series the pages leave to their own files: territory → (role, indicators).
        var referenced: [String: (role: String, indicators: Set<String>)] = [:]
        let batch = 32
        var start = 0
        // A batch's files are written on a thread of their own while the next batch renders; at
        // most one batch waits to be written, so memory stays bounded.
        let writing = DispatchGroup()
        let writeQueue = DispatchQueue(label: "site-export.writer")
        let writeFailure = ConcurrentResults<Void>(count: 1)
        let sharedWriter = UncheckedWriter(writer: writer)
        func finishWriting() throws {
            writing.wait()
            if case .failure(let error)? = writeFailure.values.first, !(error is CancellationError) { throw error }
        }
        while start < requests.count {
            let slice = Array(requests[start..<min(start + batch, requests.count)])
            let results = ConcurrentResults<(DashboardDocument, [(String, Data)], Int, Int, Double)>(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { index in
                results.set(index, Result { try renderPage(slice[index]) })
            }
            try finishWriting()
            var batchFiles: [(String, Data)] = []
            for (request, result) in zip(slice, results.values) {
                let (document, files, count, mapCount, seconds) = try result.get()
                maps += mapCount
                mapSeconds += seconds
                batchFiles += files
                charts += count
                allSources.formUnion(document.sources)
                for reference in document.references where reference.json != nil {
                    for indicator in document.sections.flatMap(\.indicators) where indicator.values.contains(where: reference.holds) {
                        referenced[reference.territory.id, default: (reference.role, [])].indicators.insert(indicator.id)
                    }
                }
                var geoFiles = (document.maps ?? []).compactMap { map in map.geojsonFile.map { ($0, map.geography) } }
                geoFiles += (document.geojson ?? []).map { ($0.file, $0.geography) }
                for (file, name) in geoFiles {
                    guard let geography = Geography(rawValue: name) else { continue }
                    geojson[file, default: (request.territory, geography, [])].indicators.append(contentsOf: request.dashboard.indicatorIDs)
                }
                let path = request.path
                pages.append(.init(dashboard: request.dashboard.id, territory: document.territory, html: "\(path).html",
                                   json: "data/\(path).json", csv: "csv/\(path).csv"))
            }
            writing.enter()
            let files = batchFiles
            writeQueue.async {
                defer { writing.leave() }
                do {
                    for (path, data) in files { try sharedWriter.writer.write(data, to: path) }
                } catch {
                    writeFailure.set(0, .failure(error))
                }
            }
            start += slice.count
            progress(start, requests.count)
        }
        try finishWriting()
        // One GeoJSON per région and geography mapped, with every scalar indicator of the dashboards drawing it.
        if let siteMaps = builder.data.maps, formats.contains(.json) {
            for (file, entry) in geojson.sorted(by: { $0.key < $1.key }) {
                var seen: Set<String> = []
                let indicators = entry.indicators.filter { seen.insert($0).inserted }.sorted()
                    .compactMap { builder.data.library.indicator($0) }.filter { !$0.isTable }
                let territories = siteMaps.members[entry.region]?[entry.geography] ?? []
                try writer.write(GeoJSONExport.render(territories: territories, indicators: indicators, data: builder.data,
                                                      maps: siteMaps), to: file)
            }
        }
        // Each reference's series, once for all the pages compared with it.
        if formats.contains(.json) || formats.contains(.csv) {
            let references = referenced.sorted { $0.key < $1.key }.compactMap { id, entry in
                TerritoryID(parsing: id).map { (territory: $0, role: entry.role, indicators: entry.indicators.sorted()) }
            }
            let results = ConcurrentResults<(ReferenceDocument, Data?, Data?)>(count: references.count)
            DispatchQueue.concurrentPerform(iterations: references.count) { index in
                let reference = references[index]
                results.set(index, Result {
                    let document = builder.referenceDocument(reference.territory, role: reference.role, indicators: reference.indicators)
                    return (document, formats.contains(.json) ? try DocumentJSON.encode(document.published) : nil,
                            formats.contains(.csv) ? CSVExport.render(document) : nil)
                })
            }
            for result in results.values {
                let (document, json, csv) = try result.get()
                let slug = document.territory.slug
                if let json { try writer.write(json, to: "data/reference/\(slug).json") }
                if let csv { try writer.write(csv, to: "csv/reference/\(slug).csv") }
                allSources.formUnion(document.sources)
            }
        }
        // One follow-up page per démarche, with its JSON, CSV and charts.
        var demarcheRefs: [DemarcheRef] = []
        for demarche in builder.data.demarches {
            let document = DemarcheBuilder(data: builder.data).document(demarche)
            let path = demarche.pagePath
            var rendered: [ChartSpec: String] = [:]
            for indicator in document.indicators {
                guard let spec = indicator.chart, let file = indicator.chartFile else { continue }
                let svg = rendered[spec] ?? spec.render()
                rendered[spec] = svg
                charts += 1
                if formats.contains(.svg) { try writer.write(svg, to: file) }
            }
            if formats.contains(.html) {
                try writer.write(DemarchePage(document: document, root: "../") { rendered[$0] ?? $0.render() }.render(), to: "\(path).html")
            }
            if formats.contains(.json) { try writer.write(DocumentJSON.encode(document), to: "data/\(path).json") }
            if formats.contains(.csv) { try writer.write(DemarcheCSV.render(document), to: "csv/\(path).csv") }
            allSources.formUnion(document.sources)
            demarcheRefs.append(document.demarche)
        }
        var index = SiteIndexDocument(title: siteTitle, pages: pages, sources: allSources.sorted())
        index.demarches = demarcheRefs.isEmpty ? nil : demarcheRefs
        var dashboards: [DashboardRef] = []
        for request in requests where !dashboards.contains(where: { $0.id == request.dashboard.id }) {
            let d = request.dashboard
            dashboards.append(DashboardRef(id: d.id, title: d.title, kind: d.kind.rawValue, description: d.description))
        }
        if formats.contains(.json) { try writer.write(DocumentJSON.encode(index), to: "index.json") }
        for (name, data) in schemas.sorted(by: { $0.key < $1.key }) { try writer.write(data, to: "schema/\(name)") }
        if formats.contains(.html) {
            try writer.write(Stylesheet.css, to: "style.css")
            try writer.write(IndexPage(index: index, dashboards: dashboards).render(), to: "index.html")
            if let methods { try writer.write(MethodsPage(data: methods).render(), to: "methodes.html") }
            try writer.write(ChangesPage(report: changes).render(), to: "changements.html")
        }
        var removed: [String] = []
        if removeStale {
            // Only the folders of the formats written: an SVG-only export leaves the HTML pages alone.
            var folders: [String] = []
            if formats.contains(.html) { folders += Set(requests.map(\.dashboard.id)).sorted() + ["demarche"] }
            if formats.contains(.json) { folders += ["data", "geo"] }
            if formats.contains(.csv) { folders.append("csv") }
            if formats.contains(.svg) { folders.append("svg") }
            if formats.contains(.charts) { folders.append("charts") }
            removed = try writer.removeStale(in: folders)
        }
        return SiteExportSummary(pages: requests.count, charts: charts, files: writer.producedCount, written: writer.written.count,
                                 unchanged: writer.unchanged, removed: removed, maps: maps, mapSeconds: mapSeconds)
    }
}

/// The site writer handed to the thread that writes a batch; only one thread uses it at a time
/// (the next batch's files wait for the previous batch to be written).
private struct UncheckedWriter: @unchecked Sendable {
    let writer: SiteWriter
}
