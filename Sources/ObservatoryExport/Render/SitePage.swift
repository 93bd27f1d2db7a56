import Foundation
import ObservatoryCore

/// What every page shares: head, navigation, footer, dates in French.
enum SitePage {
    /// The « Sources » section of a page: each file its values come from, with its checksum and
    /// download date (dashboards and follow-up pages alike).
    static func sourcesSection(_ sources: [SourceDoc], root: String, into html: inout HTMLWriter) {
        html.open("<section id=\"sources\" class=\"dashboard-section\">")
        html.element("h2", "Sources")
        html.line("<p>Chaque valeur de cette page provient des fichiers ci-dessous (empreinte SHA-256 et date de téléchargement) ; la méthode de chaque indicateur est décrite dans <a href=\"\(root)methodes.html\">Données et méthodes</a>.</p>")
        html.open("<table>")
        html.line("<thead><tr><th scope=\"col\">Jeu de données</th><th scope=\"col\">Millésime</th><th scope=\"col\">Fichier</th><th scope=\"col\">Téléchargé le</th><th scope=\"col\">SHA-256</th></tr></thead>")
        html.open("<tbody>")
        for source in sources {
            html.line("<tr id=\"src-\(HTML.escape(Slug.make(source.id)))\"><td>\(HTML.escape(source.datasetTitle))</td><td>\(HTML.escape(source.vintage))</td><td>\(HTML.escape(source.file))</td><td>\(HTML.escape(source.fetchedAt.map(frenchDate) ?? "fichier local"))</td><td><code>\(HTML.escape(String(source.sha256.prefix(16))))…</code></td></tr>")
        }
        html.close("</tbody>")
        html.close("</table>")
        html.close("</section>")
    }

    static func head(_ html: inout HTMLWriter, title: String, root: String) {
        html.line("<!DOCTYPE html>")
        html.open("<html lang=\"fr\">")
        html.open("<head>")
        html.line("<meta charset=\"utf-8\">")
        html.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.element("title", title)
        html.line("<link rel=\"stylesheet\" href=\"\(root)style.css\">")
        html.close("</head>")
        html.open("<body>")
        html.line("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>")
        html.open("<header class=\"site\">")
        html.line("<nav aria-label=\"Site\"><a class=\"brand\" href=\"\(root)index.html\">Observatoire emploi-compétences</a><a href=\"\(root)index.html\">Territoires</a><a href=\"\(root)methodes.html\">Données et méthodes</a><a href=\"\(root)changements.html\">Changements</a></nav>")
        html.close("</header>")
    }

    static func foot(_ html: inout HTMLWriter) {
        html.line("<footer class=\"site\">Produit par observatory à partir des données publiques de l'INSEE, de France Travail, de la DARES, de l'URSSAF, de France Compétences et de l'Éducation nationale. Les valeurs soumises au secret statistique sont encadrées, jamais remplacées par zéro.</footer>")
        html.close("</body>")
        html.close("</html>")
    }

    /// `2026-11-27T19:41:09Z` → `27 novembre 2026 à 19 h 41 (UTC)`.
    static func frenchDate(_ iso: String) -> String {
        frenchDates.value(iso) { iso in
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!) à \(c.hour!) h \(String(format: "%02d", c.minute!)) (UTC)"
        }
    }

    /// A page names a handful of dates (each file's fetch, the refresh), each formatted once per
    /// run: an ICU formatter built per call was a twentieth of the national export.
    private static let frenchDates = TextMemo<String>()
    private static let frenchDays = TextMemo<String>()

    /// `2026-03-12T09:30:00Z` → `12 mars 2026`.
    static func frenchDay(_ iso: String) -> String {
        frenchDays.value(iso) { iso in
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(c.day!)\(c.day == 1 ? "er" : "") \(months[c.month! - 1]) \(c.year!)"
        }
    }

    /// `2022-03-15` → `15 mars 2022`.
    static func frenchDay(date day: String) -> String { frenchDay(day + "T00:00:00Z") }
}
