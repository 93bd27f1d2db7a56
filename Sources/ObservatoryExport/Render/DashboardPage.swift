import ObservatoryCharts
import ObservatoryCore
import ObservatoryIndicators

/// The HTML of one dashboard page: inline SVG charts, each with its data table and notes.
public struct DashboardPage {
    public var document: DashboardDocument
    /// The site's root relative to the page (`../`).
    public var root: String
    /// Rendered SVG by chart file, so that each chart is drawn once for the page and its `.svg` file.
    public var svg: (ChartSpec) -> String
    /// Rendered SVG of a map (the shapes are not in the document): empty when not drawn.
    public var mapSVG: (MapDoc) -> String = { _ in "" }

    public init(document: DashboardDocument, root: String = "../", svg: @escaping (ChartSpec) -> String = { $0.render() }) {
        self.document = document
        self.root = root
        self.svg = svg
    }

    public func render() -> String {
        var html = HTMLWriter()
        let territory = document.territory
        let isFiliere = document.dashboard.kind == "filiere"
        let title = isFiliere ? "\(document.dashboard.title) — \(territory.name)" : "\(territory.name) — \(document.dashboard.title)"
        SitePage.head(&html, title: title, root: root)
        html.open("<main id=\"contenu\">")
        if isFiliere {
            html.line("<h1>\(HTML.escape(document.dashboard.title))<span class=\"geo\">\(HTML.escape(territory.name))</span></h1>")
        } else {
            html.line("<h1>\(HTML.escape(territory.name))<span class=\"geo\">\(HTML.escape(territory.geographyLabel)) \(HTML.escape(territory.code))</span></h1>")
        }
        if let description = document.dashboard.description {
            html.element("p", description, attributes: "class=\"lede\"")
        }
        if !document.references.isEmpty {
            let refs = document.references.map { "\(HTML.escape($0.territory.name)) (\(HTML.escape($0.territory.geographyLabel)))" }
            html.line("<p class=\"lede\">\(isFiliere ? "Comparée à" : "Comparé à") : \(refs.joined(separator: ", ")).</p>")
        }
        if let locator = document.locator {
            let svg = mapSVG(locator)
            if !svg.isEmpty {
                html.open("<figure class=\"locator\">")
                html.block(svg)
                html.element("figcaption", locator.map.subtitle ?? locator.title)
                html.close("</figure>")
            }
        }
        if let demarches = document.demarches, !demarches.isEmpty {
            let links = demarches.map { "<a href=\"\(root)\(HTML.escape($0.html))\">\(HTML.escape($0.title))</a>\($0.example ? " (exemple)" : "")" }
            html.line("<p class=\"lede demarches\">Suivi de démarche GPECT : \(links.joined(separator: ", ")).</p>")
        }
        if !document.peers.isEmpty {
            let links = document.peers.map { "<a href=\"\(HTML.escape($0.slug)).html\">\(HTML.escape($0.name))</a>" }
            html.line("<p class=\"lede\">\(isFiliere ? "Territoires suivis" : "Territoires comparables") : \(links.joined(separator: ", ")).</p>")
        }
        html.open("<nav class=\"toc\" aria-label=\"Sommaire\">")
        html.open("<ol>")
        if !document.keyFigures.isEmpty { html.line("<li><a href=\"#chiffres-cles\">Chiffres clés</a></li>") }
        for section in document.sections { html.line("<li><a href=\"#\(section.anchor)\">\(HTML.escape(section.title))</a></li>") }
        if document.maps?.isEmpty == false { html.line("<li><a href=\"#cartes\">Cartes</a></li>") }
        if document.peerTable != nil { html.line("<li><a href=\"#comparaison\">Comparaison</a></li>") }
        html.line("<li><a href=\"#sources\">Sources</a></li>")
        html.close("</ol>")
        html.close("</nav>")
        keyFigures(&html)
        if let maps = document.maps, !maps.isEmpty { self.maps(maps, into: &html) }
        for section in document.sections { self.section(section, into: &html) }
        if let table = document.peerTable { peerTable(table, into: &html) }
        sources(&html)
        html.line("<p class=\"sources no-print\">Données réutilisables : <a href=\"\(root)data/\(HTML.escape(document.dashboard.id))/\(HTML.escape(document.territory.slug)).json\">JSON</a> (schéma : <a href=\"\(root)schema/dashboard.schema.json\">dashboard.schema.json</a>), <a href=\"\(root)\(HTML.escape(csvFile))\">CSV</a> (toutes les entrées des tableaux)\(referenceLinks).</p>")
        html.close("</main>")
        SitePage.foot(&html)
        return html.text
    }

    private func keyFigures(_ html: inout HTMLWriter) {
        guard !document.keyFigures.isEmpty else { return }
        html.open("<section id=\"chiffres-cles\" class=\"dashboard-section\">")
        html.line("<h2>Chiffres clés</h2>")
        html.open("<ul class=\"cards\">")
        for figure in document.keyFigures {
            html.open("<li class=\"card\">")
            html.element("h3", figure.title)
            if let value = figure.value {
                html.line("<p class=\"figure status-\(value.status)\">\(HTML.escape(Self.short(value, figure.unit)))</p>")
                html.element("p", Self.periodLabel(value.period) + (value.status == "ok" ? "" : value.value == nil ? " — pas de valeur (voir plus bas)" : " — " + value.text),
                             attributes: "class=\"period\"")
            } else {
                html.line("<p class=\"figure status-no_value\">n.d.</p>")
            }
            if !figure.comparisons.isEmpty {
                let names = Dictionary(document.references.map { ($0.territory.id, $0.territory.name) }, uniquingKeysWith: { a, _ in a })
                let parts = figure.comparisons.map { "\(names[$0.territory] ?? $0.territory) : \(Self.short($0, figure.unit))" }
                html.element("p", parts.joined(separator: " · "), attributes: "class=\"compare\"")
            }
            if let spark = figure.sparkline { html.block(svg(spark)) }
            html.close("</li>")
        }
        html.close("</ul>")
        html.close("</section>")
    }

    private func section(_ section: SectionDoc, into html: inout HTMLWriter) {
        html.open("<section id=\"\(section.anchor)\" class=\"dashboard-section\">")
        html.element("h2", section.title)
        if let intro = section.intro { html.element("p", intro, attributes: "class=\"lede\"") }
        if section.indicators.isEmpty { html.line("<p>Aucun indicateur dans cette section.</p>") }
        for indicator in section.indicators { self.indicator(indicator, into: &html) }
        html.close("</section>")
    }

    private func indicator(_ indicator: IndicatorDoc, into html: inout HTMLWriter) {
        html.open("<article class=\"indicator\" id=\"ind-\(HTML.escape(indicator.id))\">")
        html.element("h3", indicator.title)
        html.element("p", indicator.description, attributes: "class=\"desc\"")
        let subject = indicator.values.filter { $0.role == "subject" }
        if subject.count == 1, let value = subject.first, value.key == nil {
            html.line("<p class=\"value-line\"><strong class=\"status-\(value.status)\">\(HTML.escape(value.text))</strong> — \(HTML.escape(Self.periodLabel(value.period)))</p>")
        } else if subject.isEmpty, indicator.values.allSatisfy({ $0.role != "subject" }), document.dashboard.kind != "filiere" {
            html.line("<p class=\"value-line status-no_value\">Pas de valeur pour ce territoire.</p>")
        }
        if let chart = indicator.chart {
            html.open("<figure>")
            html.block(svg(chart))
            html.close("</figure>")
        }
        if !indicator.notes.isEmpty {
            html.open("<ul class=\"notes\">")
            for note in indicator.notes { html.element("li", note) }
            html.close("</ul>")
        }
        if !indicator.values.isEmpty { dataTable(indicator, into: &html) }
        html.line("<p class=\"formula\">Formule : <code>\(HTML.escape(indicator.formula))</code></p>")
        sourceLine(indicator.sources, note: indicator.source, into: &html)
        html.close("</article>")
    }

    private func dataTable(_ indicator: IndicatorDoc, into html: inout HTMLWriter) {
        let names = territoryNames
        let hasKeys = indicator.values.contains { $0.key != nil }
        let hasDetails = indicator.values.contains { $0.details != nil }
        if !hasKeys, !hasDetails, Set(indicator.values.map(\.period)).count > 1 {
            seriesTable(indicator, names: names, into: &html)
            return
        }
        // A territory or a period common to every row is said once, in the caption; values are
        // short (`≈ 5 228 à 5 403`), their signs explained under the table. (Each row repeated
        // the territory, the period and the value's whole explanation.)
        let territories = Set(indicator.values.map(\.territory)), periods = Set(indicator.values.map(\.period))
        var caption = indicator.title
        if territories.count == 1, let only = territories.first { caption += " — " + (names[only] ?? only) }
        if periods.count == 1, let only = periods.first { caption += (territories.count == 1 ? ", " : " — ") + Self.periodLabel(only) }
        html.open("<details>")
        html.line("<summary>Données du graphique (\(indicator.values.count) valeur\(indicator.values.count > 1 ? "s" : ""))</summary>")
        html.open("<table>")
        html.element("caption", caption)
        html.line("<thead><tr>" + (territories.count > 1 ? "<th scope=\"col\">Territoire</th>" : "")
                  + (periods.count > 1 ? "<th scope=\"col\">Période</th>" : "")
                  + (hasKeys ? "<th scope=\"col\">Code</th><th scope=\"col\">Libellé</th>" : "")
                  + "<th scope=\"col\">Valeur</th>"
                  + (hasDetails ? "<th scope=\"col\">Détail</th>" : "") + "</tr></thead>")
        html.open("<tbody>")
        for value in indicator.values {
            var row = "<tr>"
            if territories.count > 1 { row += "<th scope=\"row\">\(HTML.escape(names[value.territory] ?? value.territory))</th>" }
            if periods.count > 1 { row += "<td>\(HTML.escape(Self.periodLabel(value.period)))</td>" }
            if hasKeys {
                // Without a territory column, the entry's code heads its row.
                let cell = territories.count > 1 ? "td" : "th scope=\"row\""
                row += "<\(cell)>\(HTML.escape(value.key ?? ""))</\(cell.prefix(2))><td>\(HTML.escape(value.label ?? ""))</td>"
            }
            row += Self.cell(value, Self.short(value, indicator.unit))
            if hasDetails { row += "<td>\(HTML.escape((value.details ?? []).joined(separator: ", ")))</td>" }
            row += "</tr>"
            html.line(row)
        }
        html.close("</tbody>")
        html.close("</table>")
        signsNote(indicator.values, into: &html)
        if let omitted = indicator.omittedEntries {
            let others = omitted == 1 ? "l'autre entrée est" : "les \(FrenchFormat.number(Double(omitted))) autres entrées sont"
            html.line("<p class=\"sources\">Ce tableau donne les entrées que montre le graphique ; \(HTML.escape(others)) dans le <a href=\"\(root)\(HTML.escape(csvFile))\">fichier CSV de la page</a>.</p>")
        }
        html.close("</details>")
    }

    /// The references' own files, where the page's JSON and CSV leave their values.
    private var referenceLinks: String {
        let links = document.references.compactMap { reference -> String? in
            guard let json = reference.json, let csv = reference.csv else { return nil }
            return "\(HTML.escape(reference.territory.name)) (<a href=\"\(root)\(HTML.escape(json))\">JSON</a>, <a href=\"\(root)\(HTML.escape(csv))\">CSV</a>)"
        }
        return links.isEmpty ? "" : " ; séries des territoires de comparaison, écrites une fois pour toutes les pages : " + links.joined(separator: ", ")
    }

    /// A series as a reader scans it: a row per period, a column per territory, each value in a
    /// few characters (`≈ 7,0 %`, `1 413 à 1 530`, `n.d.`) and its status in the cell's class;
    /// what the signs mean is said under the table, why a value is approximate or missing in the
    /// notes. (A row per value repeated the same explanation on each of 249 quarters × 4 territories.)
    private func seriesTable(_ indicator: IndicatorDoc, names: [String: String], into html: inout HTMLWriter) {
        var territories: [String] = []
        var periods: [String] = []
        var cells: [String: [String: ValueDoc]] = [:]
        for value in indicator.values {
            if cells[value.territory] == nil { territories.append(value.territory) }
            if !periods.contains(value.period) { periods.append(value.period) }
            cells[value.territory, default: [:]][value.period] = value
        }
        periods.sort { a, b in
            guard let x = Period(parsing: a), let y = Period(parsing: b), x != y else { return a < b }
            return x < y
        }
        html.open("<details>")
        html.line("<summary>Données du graphique (\(indicator.values.count) valeurs)</summary>")
        html.open("<table class=\"series\">")
        html.element("caption", indicator.title)
        html.line("<thead><tr><th scope=\"col\">Période</th>"
                  + territories.map { "<th scope=\"col\">\(HTML.escape(names[$0] ?? $0))</th>" }.joined() + "</tr></thead>")
        html.open("<tbody>")
        for period in periods {
            var row = "<tr><th scope=\"row\">\(HTML.escape(Self.periodLabel(period)))</th>"
            for territory in territories {
                row += cells[territory]?[period].map { Self.cell($0, Self.short($0, indicator.unit)) } ?? "<td></td>"
            }
            html.line(row + "</tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        signsNote(indicator.values, into: &html)
        html.close("</details>")
    }

    /// Under a table of short values: what the signs mean and why each missing value is missing.
    private func signsNote(_ values: [ValueDoc], into html: inout HTMLWriter) {
        let statuses = Set(values.map(\.status))
        var signs: [String] = []
        if statuses.contains("approximate") || values.contains(where: { $0.status == "masked" && $0.apportionKey != nil }) {
            signs.append("≈ valeur approchée")
        }
        if statuses.contains("masked") { signs.append("« a à b » ou « ≥ a » : valeur encadrée à cause du secret statistique, jamais remplacée par zéro") }
        if statuses.contains("no_value") {
            // Why, for every missing value of the table: the notes say it for the latest period only.
            var reasons: [String] = []
            for value in values where value.status == "no_value" {
                if let reason = value.reason, !reasons.contains(reason) { reasons.append(reason) }
            }
            signs.append("n.d. : pas de valeur" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: " ; ")))"))
        }
        if !signs.isEmpty {
            html.line("<p class=\"sources\">\(HTML.escape(signs.joined(separator: " ; "))) ; le détail de chaque valeur (bornes, couverture, raison) est dans les données réutilisables (<a href=\"\(root)\(HTML.escape(csvFile))\">CSV de la page</a>, et celles des territoires de comparaison en fin de page).</p>")
        }
    }

    /// The page's CSV, relative to the site root.
    private var csvFile: String { "csv/\(document.dashboard.id)/\(document.territory.slug).csv" }

    private func maps(_ maps: [MapDoc], into html: inout HTMLWriter) {
        html.open("<section id=\"cartes\" class=\"dashboard-section\">")
        html.element("h2", "Cartes")
        html.line("<p class=\"lede\">Chaque carte colore les territoires de la région par classe de valeur ; les contours viennent d'IGN Admin Express (COG 2018), chaque territoire étant l'union de ses communes. Les données de chaque carte, avec ses contours, sont aussi en GeoJSON pour un SIG.</p>")
        if let files = document.geojson, !files.isEmpty {
            let links = files.map { "<a href=\"\(root)\(HTML.escape($0.file))\">\(HTML.escape($0.label))</a> (\($0.features))" }
            html.line("<p>Contours et valeurs de tous les indicateurs de la page, en GeoJSON (WGS84) : \(links.joined(separator: ", ")).</p>")
        }
        for map in maps {
            html.open("<article class=\"indicator map\" id=\"\(HTML.escape(map.id))\">")
            html.element("h3", map.title)
            if let subtitle = map.map.subtitle { html.element("p", subtitle, attributes: "class=\"desc\"") }
            let svg = mapSVG(map)
            if !svg.isEmpty {
                html.open("<figure>")
                html.block(svg)
                html.close("</figure>")
            }
            if !map.notes.isEmpty {
                html.open("<ul class=\"notes\">")
                for note in map.notes { html.element("li", note) }
                html.close("</ul>")
            }
            mapTable(map, into: &html)
            var links: [String] = []
            if let geojson = map.geojsonFile { links.append("<a href=\"\(root)\(HTML.escape(geojson))\">GeoJSON (contours et valeurs)</a>") }
            links.append("<a href=\"\(root)\(HTML.escape(map.mapFile))\">SVG</a>")
            html.line("<p class=\"sources\">Télécharger : \(links.joined(separator: " · "))</p>")
            if let indicator = map.indicator { html.line("<p class=\"sources\"><a href=\"#ind-\(HTML.escape(indicator))\">Méthode et sources de l'indicateur</a></p>") }
            sourceLine(map.sources, note: map.map.source ?? "", into: &html)
            html.close("</article>")
        }
        html.close("</section>")
    }

    private func mapTable(_ map: MapDoc, into html: inout HTMLWriter) {
        let names = Dictionary(map.map.items.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let classes = map.map.valueClasses()
        html.open("<details>")
        html.line("<summary>Données de la carte (\(map.values.count) territoire\(map.values.count > 1 ? "s" : ""))</summary>")
        html.open("<table>")
        html.element("caption", map.title + (map.map.subtitle.map { " — " + $0 } ?? ""))
        html.line("<thead><tr><th scope=\"col\">Territoire</th><th scope=\"col\">Période</th><th scope=\"col\">Valeur</th><th scope=\"col\">Statut</th><th scope=\"col\">Classe</th></tr></thead>")
        html.open("<tbody>")
        for (value, item) in zip(map.values, map.map.items) {
            var classText = "—"
            var index: Int?
            if item.status == .ok || item.status == .approximate, let number = item.value {
                index = ClassBreaks.classIndex(of: number, breaks: map.classBreaks)
            } else if item.status == .masked, let lower = item.lower, let upper = item.upper {
                let low = ClassBreaks.classIndex(of: lower, breaks: map.classBreaks)
                index = low == ClassBreaks.classIndex(of: upper, breaks: map.classBreaks) ? low : nil
                if index == nil { classText = "intervalle sur plusieurs classes" }
            }
            if let index, index < classes.count { classText = "\(index + 1) (\(classes[index].label))" }
            html.line("<tr><th scope=\"row\">\(HTML.escape(names[value.territory] ?? value.territory))</th><td>\(HTML.escape(Self.periodLabel(value.period)))</td>\(Self.cell(value, value.text))<td>\(HTML.escape(Self.statusLabel(value.status)))</td><td>\(HTML.escape(classText))</td></tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        html.close("</details>")
    }

    private func peerTable(_ table: PeerTableDoc, into html: inout HTMLWriter) {
        html.open("<section id=\"comparaison\" class=\"dashboard-section\">")
        html.element("h2", "Comparaison")
        html.open("<figure>")
        html.block(svg(table.chart))
        html.close("</figure>")
        peerDataTable(table, into: &html)
        html.close("</section>")
    }

    /// The peer table as the heat table draws it: a row per territory, a column per indicator
    /// with its period (a cell whose period differs says its own), short values as in the
    /// series tables. (A row per territory and indicator repeated each value's explanation.)
    private func peerDataTable(_ table: PeerTableDoc, into html: inout HTMLWriter) {
        let names = territoryNames
        var units: [String: String] = [:]
        for indicator in document.sections.flatMap(\.indicators) { units[indicator.id] = indicator.unit }
        for figure in document.keyFigures { units[figure.indicator] = figure.unit }
        var territories: [String] = []
        var cells: [String: [String: ValueDoc]] = [:]
        for value in table.values {
            if cells[value.territory] == nil { territories.append(value.territory) }
            cells[value.territory, default: [:]][value.key ?? ""] = value
        }
        let columns = table.indicators.map { id -> (id: String, label: String, period: String?) in
            let values = table.values.filter { $0.key == id }
            var counts: [String: Int] = [:]
            for value in values { counts[value.period, default: 0] += 1 }
            let period = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
            return (id, values.first?.label ?? id, period)
        }
        html.open("<details>")
        html.line("<summary>Données du tableau (\(table.values.count) valeurs)</summary>")
        html.open("<table class=\"series\">")
        html.element("caption", table.title)
        html.line("<thead><tr><th scope=\"col\">Territoire</th>" + columns.map { column in
            "<th scope=\"col\">\(HTML.escape(column.label))\(column.period.map { " (" + HTML.escape(Self.periodLabel($0)) + ")" } ?? "")</th>"
        }.joined() + "</tr></thead>")
        html.open("<tbody>")
        for territory in territories {
            var row = "<tr><th scope=\"row\">\(HTML.escape(names[territory] ?? territory))</th>"
            for column in columns {
                guard let value = cells[territory]?[column.id] else { row += "<td></td>"; continue }
                var text = units[column.id].map { Self.short(value, $0) } ?? value.text
                if value.period != column.period { text += " (\(Self.periodLabel(value.period)))" }
                row += Self.cell(value, text)
            }
            html.line(row + "</tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        signsNote(table.values, into: &html)
        html.close("</details>")
    }

    private func sources(_ html: inout HTMLWriter) {
        SitePage.sourcesSection(document.sources, root: root, into: &html)
    }

    private func sourceLine(_ ids: [String], note: String, into html: inout HTMLWriter) {
        let byID = Dictionary(document.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let links = ids.compactMap { byID[$0] }.map { source in
            "<a href=\"#src-\(HTML.escape(Slug.make(source.id)))\">\(HTML.escape(source.file)) (\(HTML.escape(source.vintage)))</a>"
        }
        html.line("<p class=\"sources\">Source : \(HTML.escape(note))\(links.isEmpty ? "" : " — " + links.joined(separator: ", "))</p>")
    }

    private var territoryNames: [String: String] {
        var names: [String: String] = [document.territory.id: document.territory.name]
        for reference in document.references { names[reference.territory.id] = reference.territory.name }
        for peer in document.peers { names[peer.id] = peer.name }
        return names
    }

    static func short(_ value: ValueDoc, _ unit: String) -> String {
        DashboardBuilder.shortText(value, unit: ObservatoryIndicators.Unit(rawValue: unit) ?? .scalar)
    }

    /// A table cell holding a value: right-aligned, its status in the class.
    static func cell(_ value: ValueDoc, _ text: String) -> String {
        "<td class=\"num status-\(value.status)\">\(HTML.escape(text))</td>"
    }

    static func periodLabel(_ canonical: String) -> String {
        Period(parsing: canonical)?.frenchLabel ?? canonical
    }

    static func statusLabel(_ status: String) -> String {
        switch status {
        case "ok": "exacte"
        case "masked": "secret statistique"
        case "approximate": "approchée"
        default: "pas de valeur"
        }
    }
}
