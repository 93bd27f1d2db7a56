import Foundation
import ObservatoryCore
import ObservatoryIndicators

/// The index of every page, filterable by geography (CSS only) and by name (a few lines of
/// script; without it, the list is alphabetical).
public struct IndexPage {
    public var index: SiteIndexDocument
    public var dashboards: [DashboardRef]

    public init(index: SiteIndexDocument, dashboards: [DashboardRef]) {
        self.index = index
        self.dashboards = dashboards
    }

    public func render() -> String {
        var html = HTMLWriter()
        SitePage.head(&html, title: index.title, root: "")
        html.open("<main id=\"contenu\">")
        html.element("h1", index.title)
        html.line("<p class=\"lede\">Un tableau de bord par territoire : emploi, chômage et demandeurs d'emploi, besoins en recrutement, métiers en tension, compétences et formation, comparés au département, à la région, à la France et aux territoires comparables. Chaque valeur renvoie à son jeu de données, son millésime et l'empreinte du fichier (<a href=\"methodes.html\">Données et méthodes</a>).</p>")
        let byDashboard = Dictionary(grouping: index.pages, by: \.dashboard)
        if let demarches = index.demarches, !demarches.isEmpty {
            html.element("h2", "Suivi des démarches GPECT")
            html.line("<p class=\"lede\">Pour chaque démarche d'un comité : ses indicateurs depuis le début de la démarche et depuis la dernière réunion, comparés à la région et aux territoires choisis par le comité.</p>")
            html.open("<ul>")
            for demarche in demarches {
                html.line("<li><a href=\"\(HTML.escape(demarche.html))\">\(HTML.escape(demarche.title))</a>\(demarche.example ? " <span class=\"badge\">exemple</span>" : "")</li>")
            }
            html.close("</ul>")
        }
        for dashboard in dashboards where dashboard.kind == "filiere" {
            html.element("h2", dashboard.title)
            if let description = dashboard.description { html.element("p", description, attributes: "class=\"lede\"") }
            html.open("<ul>")
            for page in byDashboard[dashboard.id] ?? [] {
                html.line("<li><a href=\"\(HTML.escape(page.html))\">\(HTML.escape(dashboard.title)) — \(HTML.escape(page.territory.name))</a></li>")
            }
            html.close("</ul>")
        }
        for dashboard in dashboards where dashboard.kind == "territory" {
            let pages = (byDashboard[dashboard.id] ?? []).sorted {
                (order($0.territory.geography), Slug.make($0.territory.name), $0.territory.code)
                    < (order($1.territory.geography), Slug.make($1.territory.name), $1.territory.code)
            }
            html.element("h2", "\(dashboard.title) : \(pages.count) territoire\(pages.count > 1 ? "s" : "")")
            let geographies = Array(Set(pages.map(\.territory.geography))).sorted { order($0) < order($1) }
            html.open("<form class=\"filters\" role=\"search\" onsubmit=\"return false\">")
            html.open("<fieldset>")
            html.line("<legend>Géographie</legend>")
            html.line("<input type=\"radio\" name=\"geo\" id=\"geo-all\" checked><label for=\"geo-all\">toutes</label>")
            for geography in geographies {
                let label = pages.first { $0.territory.geography == geography }?.territory.geographyLabel ?? geography
                let count = pages.filter { $0.territory.geography == geography }.count
                html.line("<input type=\"radio\" name=\"geo\" id=\"geo-\(HTML.escape(geography))\"><label for=\"geo-\(HTML.escape(geography))\">\(HTML.escape(Self.plural(label, count))) (\(count))</label>")
            }
            html.close("</fieldset>")
            html.line("<label for=\"filtre-nom\">Nom</label> <input type=\"search\" id=\"filtre-nom\" placeholder=\"Vierzon, Cher, 2401…\">")
            html.close("</form>")
            html.open("<ul class=\"territories\">")
            for page in pages {
                let territory = page.territory
                html.line("<li class=\"g-\(HTML.escape(territory.geography))\" data-name=\"\(HTML.escape(Slug.make(territory.name + " " + territory.code)))\"><a href=\"\(HTML.escape(page.html))\">\(HTML.escape(territory.name))</a> <span class=\"geo\">\(HTML.escape(territory.geographyLabel)) \(HTML.escape(territory.code))</span></li>")
            }
            html.close("</ul>")
        }
        html.line("<p class=\"sources\">Données réutilisables : <a href=\"index.json\">index.json</a> (schéma : <a href=\"schema/index.schema.json\">index.schema.json</a>), un fichier JSON et un fichier CSV par page (schéma : <a href=\"schema/dashboard.schema.json\">dashboard.schema.json</a>).</p>")
        html.close("</main>")
        html.line("<script>")
        html.line("document.getElementById('filtre-nom')?.addEventListener('input', function (e) {")
        html.line("  var q = e.target.value.toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[^a-z0-9]+/g, '-');")
        html.line("  document.querySelectorAll('.territories li').forEach(function (li) { li.hidden = q !== '' && li.dataset.name.indexOf(q) < 0; });")
        html.line("});")
        html.line("</script>")
        SitePage.foot(&html)
        return html.text
    }

    private func order(_ geography: String) -> Int {
        ["custom", "bassin-bmo", "ze2020", "dep", "reg", "fr"].firstIndex(of: geography) ?? 99
    }

    static func plural(_ label: String, _ count: Int) -> String {
        guard count > 1 else { return label }
        switch label {
        case "France": return label
        case "zone d'emploi": return "zones d'emploi"
        case "bassin BMO": return "bassins BMO"
        case "bassin GPECT": return "bassins GPECT"
        default: return label + "s"
        }
    }
}

/// What the "Données et méthodes" page lists: each dataset and file, each indicator.
public struct MethodsData: Sendable {
    public struct File: Sendable {
        public var name: String
        public var vintage: String
        public var url: String?
        public var sha256: String?
        public var size: Int64?
        public var fetchedAt: String?
        public init(name: String, vintage: String, url: String?, sha256: String?, size: Int64?, fetchedAt: String?) {
            self.name = name
            self.vintage = vintage
            self.url = url
            self.sha256 = sha256
            self.size = size
            self.fetchedAt = fetchedAt
        }
    }

    public struct Dataset: Sendable {
        public var id: String
        public var title: String
        public var publisher: String?
        public var licence: String?
        public var landingPage: String?
        public var description: String?
        public var files: [File]
        public init(id: String, title: String, publisher: String?, licence: String?, landingPage: String?,
                    description: String?, files: [File]) {
            self.id = id
            self.title = title
            self.publisher = publisher
            self.licence = licence
            self.landingPage = landingPage
            self.description = description
            self.files = files
        }
    }

    public var datasets: [Dataset]
    public var library: IndicatorLibrary

    public init(datasets: [Dataset], library: IndicatorLibrary) {
        self.datasets = datasets
        self.library = library
    }
}

/// "Données et méthodes": datasets, vintages, fetch times and checksums, and each indicator's formula.
public struct MethodsPage {
    public var data: MethodsData

    public init(data: MethodsData) { self.data = data }

    public func render() -> String {
        var html = HTMLWriter()
        SitePage.head(&html, title: "Données et méthodes", root: "")
        html.open("<main id=\"contenu\">")
        html.element("h1", "Données et méthodes")
        html.line("<p class=\"lede\">Les jeux de données publics utilisés, le fichier exact de chaque millésime (empreinte SHA-256, date de téléchargement), et la formule de chaque indicateur. Les cellules soumises au secret statistique sont gardées comme masquées : une somme qui en contient est une borne basse (et une borne haute quand la source en donne une), jamais un zéro. Un territoire qui n'est pas une réunion des unités d'une source reçoit une valeur approchée, avec sa couverture.</p>")
        html.open("<nav class=\"toc\" aria-label=\"Sommaire\"><ol>")
        html.line("<li><a href=\"#jeux-de-donnees\">Jeux de données</a></li><li><a href=\"#indicateurs\">Indicateurs</a></li>")
        html.close("</ol></nav>")
        html.open("<section id=\"jeux-de-donnees\" class=\"dashboard-section\">")
        html.element("h2", "Jeux de données")
        for dataset in data.datasets {
            html.open("<article class=\"indicator\" id=\"dataset-\(HTML.escape(dataset.id))\">")
            html.line("<h3>\(HTML.escape(dataset.title)) <span class=\"badge\">\(HTML.escape(dataset.id))</span></h3>")
            var facts: [String] = []
            if let publisher = dataset.publisher { facts.append("Producteur : " + HTML.escape(publisher)) }
            if let licence = dataset.licence { facts.append("Licence : " + HTML.escape(licence)) }
            if let page = dataset.landingPage { facts.append("Page : <a href=\"\(HTML.escape(page))\">\(HTML.escape(page))</a>") }
            if !facts.isEmpty { html.line("<p class=\"sources\">\(facts.joined(separator: " · "))</p>") }
            if let description = dataset.description { html.element("p", description.trimmingCharacters(in: .whitespacesAndNewlines), attributes: "class=\"desc\"") }
            html.open("<table>")
            html.line("<thead><tr><th scope=\"col\">Fichier</th><th scope=\"col\">Millésime</th><th scope=\"col\">Téléchargé le</th><th scope=\"col\">Taille</th><th scope=\"col\">SHA-256</th></tr></thead>")
            html.open("<tbody>")
            for file in dataset.files {
                let name = file.url.map { "<a href=\"\(HTML.escape($0))\">\(HTML.escape(file.name))</a>" } ?? HTML.escape(file.name)
                let size = file.size.map { FrenchFormat.number(Double($0) / 1_000_000, decimals: 1) + "\u{00A0}Mo" } ?? ""
                html.line("<tr id=\"src-\(HTML.escape(Slug.make(dataset.id + "/" + file.vintage + "/" + file.name)))\"><td>\(name)</td><td>\(HTML.escape(file.vintage))</td><td>\(HTML.escape(file.fetchedAt.map(SitePage.frenchDate) ?? "pas encore téléchargé"))</td><td class=\"num\">\(size)</td><td><code>\(HTML.escape(file.sha256 ?? "—"))</code></td></tr>")
            }
            html.close("</tbody>")
            html.close("</table>")
            html.close("</article>")
        }
        html.close("</section>")
        html.open("<section id=\"indicateurs\" class=\"dashboard-section\">")
        html.element("h2", "Indicateurs")
        for indicator in data.library.indicators {
            let definition = indicator.definition
            html.open("<article class=\"indicator\" id=\"ind-\(HTML.escape(indicator.id))\">")
            html.line("<h3>\(HTML.escape(definition.title)) <span class=\"badge\">\(HTML.escape(indicator.id))</span></h3>")
            html.element("p", definition.description.trimmingCharacters(in: .whitespacesAndNewlines), attributes: "class=\"desc\"")
            html.line("<p class=\"formula\">Formule : <code>\(HTML.escape(definition.formula.trimmingCharacters(in: .whitespacesAndNewlines)))</code></p>")
            html.element("p", "Unité : \(definition.unit.rawValue) · géographie native : \(definition.geography.label) · source : \(definition.source) · fichier : \(definition.path)", attributes: "class=\"sources\"")
            html.close("</article>")
        }
        html.close("</section>")
        html.close("</main>")
        SitePage.foot(&html)
        return html.text
    }
}

/// What the last refresh that changed something did; kept in the cache and shown as the
/// "Changements" page.
public struct ChangeReport: Sendable, Hashable, Codable {
    public var date: String?
    public var downloaded: [String]
    public var newVintages: [String]
    /// `Taux de chômage — Vierzon : 10,2 % → 10,5 % (+0,3 pt)`.
    public var moved: [String]
    public var failed: [String]
    public var kept: [String]
    public var computed: Int?

    public init(date: String?, downloaded: [String], newVintages: [String], moved: [String], failed: [String],
                kept: [String], computed: Int?) {
        self.date = date
        self.downloaded = downloaded
        self.newVintages = newVintages
        self.moved = moved
        self.failed = failed
        self.kept = kept
        self.computed = computed
    }

    public var isEmpty: Bool { downloaded.isEmpty && newVintages.isEmpty && moved.isEmpty && failed.isEmpty }
}

public struct ChangesPage {
    public var report: ChangeReport?

    public init(report: ChangeReport?) { self.report = report }

    public func render() -> String {
        var html = HTMLWriter()
        SitePage.head(&html, title: "Changements depuis la mise à jour précédente", root: "")
        html.open("<main id=\"contenu\">")
        html.element("h1", "Changements")
        guard let report else {
            html.line("<p class=\"lede\">Aucune mise à jour enregistrée : lancez <code>observatory refresh</code>.</p>")
            html.close("</main>")
            SitePage.foot(&html)
            return html.text
        }
        html.element("p", "Dernière mise à jour qui a changé quelque chose" + (report.date.map { " : " + SitePage.frenchDate($0) } ?? "") + ".", attributes: "class=\"lede\"")
        func list(_ title: String, _ items: [String], empty: String, id: String) {
            html.open("<section id=\"\(id)\" class=\"dashboard-section\">")
            html.element("h2", "\(title) (\(items.count))")
            if items.isEmpty { html.element("p", empty) } else {
                html.open("<ul>")
                for item in items.prefix(2_000) { html.element("li", item) }
                if items.count > 2_000 { html.element("li", "… et \(items.count - 2_000) autres (voir le rapport du terminal)") }
                html.close("</ul>")
            }
            html.close("</section>")
        }
        list("Fichiers téléchargés", report.downloaded, empty: "Aucun fichier nouveau.", id: "telecharges")
        list("Nouveaux millésimes", report.newVintages, empty: "Aucun nouveau millésime.", id: "millesimes")
        list("Échecs", report.failed, empty: "Aucun échec.", id: "echecs")
        list("Valeurs conservées", report.kept, empty: "Rien à conserver : toutes les sources sont à jour.", id: "conserve")
        list("Indicateurs qui ont bougé", report.moved, empty: report.computed == nil ? "Indicateurs non recalculés." : "Aucune valeur n'a bougé.", id: "valeurs")
        html.close("</main>")
        SitePage.foot(&html)
        return html.text
    }
}
