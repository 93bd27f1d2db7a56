import ObservatoryCharts
import ObservatoryCore

/// The HTML of a démarche's follow-up page: a summary table for the meeting, then per indicator
/// its trajectory chart (start and meetings marked), start → latest against the comparisons,
/// revisions, the change since the last meeting, the target; the caveats; the sources. A4-printable.
public struct DemarchePage {
    public var document: DemarcheDocument
    public var root: String
    public var svg: (ChartSpec) -> String

    public init(document: DemarcheDocument, root: String = "../", svg: @escaping (ChartSpec) -> String = { $0.render() }) {
        self.document = document
        self.root = root
        self.svg = svg
    }

    public func render() -> String {
        var html = HTMLWriter()
        let d = document.demarche
        SitePage.head(&html, title: "\(d.title) — suivi de la démarche, \(document.territory.name)", root: root)
        html.open("<main id=\"contenu\" class=\"demarche\">")
        html.line("<h1>\(HTML.escape(d.title))<span class=\"geo\">Suivi de la démarche — \(HTML.escape(document.territory.name))</span>\(d.example ? " <span class=\"badge\">exemple</span>" : "")</h1>")
        if let description = d.description { html.element("p", description, attributes: "class=\"lede\"") }
        let comparisons = document.comparisons.map { "\(HTML.escape($0.territory.name)) (\(HTML.escape(Self.roleLabel($0.role))))" }
        html.line("<p class=\"lede\">Territoire : <a href=\"\(root)territoire/\(HTML.escape(document.territory.slug)).html\">\(HTML.escape(document.territory.name))</a> · début de la démarche : \(HTML.escape(Period(parsing: d.start)?.frenchLabel ?? d.start))\(comparisons.isEmpty ? "" : " · comparé à : " + comparisons.joined(separator: ", ")).</p>")
        if !document.meetings.isEmpty {
            html.open("<ul class=\"meetings\">")
            for meeting in document.meetings {
                let status = meeting.status == "upcoming" ? " — à venir" : ""
                html.line("<li><strong>\(HTML.escape(meeting.mark))</strong> : réunion du \(HTML.escape(SitePage.frenchDay(date: meeting.date)))\(meeting.label.map { " — " + HTML.escape($0) } ?? "")\(status)</li>")
            }
            html.close("</ul>")
        }
        if let since = document.historySince, let asOf = document.historyAsOf {
            html.line("<p class=\"sources\">Historique des valeurs enregistrées à chaque rafraîchissement : du \(HTML.escape(SitePage.frenchDay(since))) au \(HTML.escape(SitePage.frenchDay(asOf))).</p>")
        } else {
            html.line("<p class=\"sources\">Aucun rafraîchissement n'a encore enregistré d'historique pour ces valeurs : les révisions et l'écart depuis la dernière réunion apparaîtront aux prochains.</p>")
        }
        html.open("<nav class=\"toc\" aria-label=\"Sommaire\">")
        html.open("<ol>")
        html.line("<li><a href=\"#synthese\">Synthèse</a></li>")
        for indicator in document.indicators { html.line("<li><a href=\"#ind-\(HTML.escape(indicator.anchor))\">\(HTML.escape(indicator.title))</a></li>") }
        html.line("<li><a href=\"#lecture\">Lire ces comparaisons</a></li>")
        html.line("<li><a href=\"#sources\">Sources</a></li>")
        html.close("</ol>")
        html.close("</nav>")
        summary(&html)
        for indicator in document.indicators { self.indicator(indicator, into: &html) }
        html.open("<section id=\"lecture\" class=\"dashboard-section\">")
        html.element("h2", "Lire ces comparaisons")
        html.open("<ul class=\"caveats\">")
        for caveat in document.caveats { html.element("li", caveat) }
        html.close("</ul>")
        html.close("</section>")
        sources(&html)
        html.line("<p class=\"sources no-print\">Données réutilisables : <a href=\"\(root)\(HTML.escape(d.json))\">JSON</a> (schéma : <a href=\"\(root)schema/demarche.schema.json\">demarche.schema.json</a>), <a href=\"\(root)\(HTML.escape(d.csv))\">CSV</a>.</p>")
        html.close("</main>")
        SitePage.foot(&html)
        return html.text
    }

    private func summary(_ html: inout HTMLWriter) {
        html.open("<section id=\"synthese\" class=\"dashboard-section\">")
        html.element("h2", "Synthèse")
        html.open("<table class=\"follow\">")
        html.element("caption", "\(document.territory.name) : départ, dernière valeur et évolution de chaque indicateur suivi")
        html.line("<thead><tr><th scope=\"col\">Indicateur</th><th scope=\"col\">Départ</th><th scope=\"col\">Dernière valeur</th><th scope=\"col\">Évolution</th><th scope=\"col\">Depuis la dernière réunion</th><th scope=\"col\">Cible</th></tr></thead>")
        html.open("<tbody>")
        for indicator in document.indicators {
            guard let row = indicator.rows.first else { continue }
            let since = indicator.sinceLastMeeting.map { $0.moved ? ($0.change?.text ?? "a bougé") : ($0.shown == nil ? "historique absent" : "inchangé") } ?? "—"
            html.line("<tr><th scope=\"row\"><a href=\"#ind-\(HTML.escape(indicator.anchor))\">\(HTML.escape(indicator.title))</a></th>"
                      + "<td class=\"num status-\(row.start?.status ?? "no_value")\">\(HTML.escape(Self.pointText(row.start)))</td>"
                      + "<td class=\"num status-\(row.latest?.status ?? "no_value")\">\(HTML.escape(Self.pointText(row.latest)))</td>"
                      + "<td class=\"num status-\(row.change.status)\">\(HTML.escape(row.change.text))</td>"
                      + "<td>\(HTML.escape(since))</td><td>\(HTML.escape(indicator.target.map { Self.targetShort($0.status) } ?? "—"))</td></tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        html.close("</section>")
    }

    private func indicator(_ indicator: FollowedDoc, into html: inout HTMLWriter) {
        html.open("<section id=\"ind-\(HTML.escape(indicator.anchor))\" class=\"dashboard-section\">")
        html.element("h2", indicator.title)
        html.open("<article class=\"indicator\">")
        if let target = indicator.target { html.line("<p class=\"value-line target-\(HTML.escape(target.status))\"><strong>\(HTML.escape(target.text))</strong></p>") }
        if let since = indicator.sinceLastMeeting { html.element("p", since.text, attributes: "class=\"value-line\"") }
        if let chart = indicator.chart {
            html.open("<figure>")
            html.block(svg(chart))
            html.close("</figure>")
        }
        html.open("<table class=\"follow\">")
        html.element("caption", "\(indicator.title) : évolution depuis le début de la démarche")
        html.line("<thead><tr><th scope=\"col\">Territoire</th><th scope=\"col\">Départ</th><th scope=\"col\">Dernière valeur</th><th scope=\"col\">Évolution</th><th scope=\"col\">Écart d'évolution (territoire − comparaison)</th></tr></thead>")
        html.open("<tbody>")
        let names = territoryNames
        for row in indicator.rows {
            let name = (names[row.territory] ?? row.territory) + (row.role == "subject" ? "" : " (\(Self.roleLabel(row.role)))")
            html.line("<tr\(row.role == "subject" ? " class=\"subject\"" : "")><th scope=\"row\">\(HTML.escape(name))</th>"
                      + "<td class=\"num status-\(row.start?.status ?? "no_value")\">\(HTML.escape(Self.pointText(row.start)))</td>"
                      + "<td class=\"num status-\(row.latest?.status ?? "no_value")\">\(HTML.escape(Self.pointText(row.latest)))</td>"
                      + "<td class=\"num status-\(row.change.status)\">\(HTML.escape(row.change.text))</td>"
                      + "<td class=\"num status-\(row.difference?.status ?? "ok")\">\(HTML.escape(row.difference?.text ?? "—"))</td></tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        let revisions = indicator.rows.flatMap { row in row.revisions.map { (names[row.territory] ?? row.territory, $0) } }
        if !revisions.isEmpty {
            html.open("<ul class=\"revisions\">")
            for (name, revision) in revisions {
                let files = revision.newFiles.isEmpty ? "" : " — fichier : " + revision.newFiles.joined(separator: ", ")
                html.element("li", "\(name), \(Period(parsing: revision.period)?.frenchLabel ?? revision.period) : \(revision.text)\(files)",
                             attributes: "class=\"revision-\(revision.kind)\"")
            }
            html.close("</ul>")
        }
        if !indicator.notes.isEmpty {
            html.open("<ul class=\"notes\">")
            for note in indicator.notes { html.element("li", note) }
            html.close("</ul>")
        }
        let byID = Dictionary(document.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let links = indicator.sources.compactMap { byID[$0] }.map {
            "<a href=\"#src-\(HTML.escape(Slug.make($0.id)))\">\(HTML.escape($0.file)) (\(HTML.escape($0.vintage)))</a>"
        }
        html.line("<p class=\"sources\">Indicateur <a href=\"\(root)territoire/\(HTML.escape(document.territory.slug)).html#ind-\(HTML.escape(indicator.indicator))\">\(HTML.escape(indicator.indicator))</a>\(links.isEmpty ? "" : " — source : " + links.joined(separator: ", "))</p>")
        html.close("</article>")
        html.close("</section>")
    }

    private func sources(_ html: inout HTMLWriter) {
        SitePage.sourcesSection(document.sources, root: root, into: &html)
    }

    private var territoryNames: [String: String] {
        var names = [document.territory.id: document.territory.name]
        for comparison in document.comparisons { names[comparison.territory.id] = comparison.territory.name }
        return names
    }

    static func pointText(_ point: PointDoc?) -> String {
        guard let point else { return "pas de valeur" }
        return "\(point.text) (\(Period(parsing: point.period)?.frenchLabel ?? point.period))"
    }

    static func roleLabel(_ role: String) -> String {
        switch role {
        case "region": "région"
        case "departement": "département"
        case "peer": "comparable"
        default: "territoire suivi"
        }
    }

    static func targetShort(_ status: String) -> String {
        switch status {
        case "met": "atteinte"
        case "not_met": "non atteinte"
        case "undetermined": "indéterminée"
        default: "pas de valeur"
        }
    }
}
