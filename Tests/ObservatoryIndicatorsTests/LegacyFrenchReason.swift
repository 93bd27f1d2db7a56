import Foundation
import ObservatoryCore

// The regular expressions that translated reasons for the French pages until reasons became a
// type, kept to prove the enum says what they said.

enum LegacyFrenchReason {
    private static let rules: [(pattern: String, template: String)] = [
        (#"^division by zero$"#, "division par zéro"),
        (#"^the denominator may be zero \(masked cells\)$"#, "le dénominateur peut être nul (cellules masquées)"),
        (#"^masked numerator without a bound per masked cell$"#, "numérateur masqué, sans borne connue par cellule"),
        (#"^a (difference|product) of values with unbounded masked cells has no value$"#, "calcul impossible sur des cellules masquées sans borne"),
        (#"^a comparison needs exact values$"#, "une comparaison demande des valeurs exactes"),
        (#"^the result is not a finite number$"#, "le résultat n'est pas un nombre fini"),
        (#"^only missing cells.*$"#, "seulement des cellules manquantes dans la source"),
        (#"^no entry has a value$"#, "aucune entrée n'a de valeur"),
        (#"^the table is empty$"#, "aucune donnée"),
        (#"^too few values for a z-score$"#, "trop peu de valeurs"),
        (#"^absent from the reference$|^absent from .*$|^absent$"#, "absent du territoire de référence"),
        (#"^missing input$"#, "donnée d'entrée manquante"),
        (#"^no data$"#, "aucune donnée"),
        (#"^no value for the period mapped \((.*)\)$"#, "pas de valeur pour la période de la carte ($1)"),
        (#"^a partial value \(the source covers (.*) of the territory\) is shown in its own section, not as a key figure or a comparison$"#,
         "valeur partielle (la source couvre $1 du territoire) : montrée dans la section du territoire, pas en chiffre clé ni en comparaison"),
        (#"^the source covers only (\S+) % of \S+( \(([^)]*)\))?, weighted by (.*); below the (\S+) % an indicator requires$"#,
         "la source ne couvre que $1 % de ce territoire$2, en pondérant par $4 : sous le seuil de $5 %, pas de valeur"),
        (#"^\S+ makes up only (\S+) % of (\S+), weighted by (.*): its value is that (.*)'s, shown as a comparison$"#,
         "le territoire ne forme que $1 % de l'unité de la source qui le contient ($2, pondéré par $3) : sa valeur est celle de cette unité, montrée en comparaison, pas celle du territoire"),
        (#"^.* is a (percent|ratio|index|per1000|points), not summed across the (\d+) units that make up .*$"#,
         "un taux ne s'additionne pas, et le territoire regroupe $2 unités de la source"),
        (#"^the (\S+) dataset covers only (.+), and this territory is not wholly inside it$"#,
         "la source $1 ne couvre que $2, et ce territoire n'y est pas tout entier"),
        (#"^no (.+) data covers .*$"#, "la source ne publie rien pour ce territoire (données par $1)"),
        (#"^\S+ has no commune weight \((.*)\)$"#, "aucune commune du territoire n'a de poids connu ($1)"),
        (#"^no (\S+?)(\[.*\])? data for (?:.+) in (.+)$"#, "pas de donnée $1 pour ce territoire en $3"),
        (#"^no (\S+?)(\[.*\])? data for (.+)$"#, "pas de donnée $1 pour $3"),
        (#"^.* has no (\S+) to compare with$"#, "pas de territoire de référence ($1)"),
        (#"^.* has no reference territory$"#, "pas de territoire de référence"),
        (#"^no (\S+) (\S+)$"#, "absent de la source ($1 $2)"),
    ]

    private static let compiled: [(NSRegularExpression, String)] = rules.map {
        (try! NSRegularExpression(pattern: $0.pattern), $0.template)
    }

    /// Reasons repeat across thousands of values: each is translated once.
    private static let cache = TranslationCache()

    static func text(_ reason: String) -> String {
        if let known = cache.get(reason) { return known }
        let text = translate(reason)
        cache.set(reason, text)
        return text
    }

    private static func translate(_ reason: String) -> String {
        let range = NSRange(reason.startIndex..., in: reason)
        for (regex, template) in compiled where regex.firstMatch(in: reason, range: range) != nil {
            var text = regex.stringByReplacingMatches(in: reason, range: range, withTemplate: template)
                .replacingOccurrences(of: "region", with: "région").replacingOccurrences(of: "departement", with: "département")
            for key in ApportionKey.allCases { text = text.replacingOccurrences(of: key.englishLabel, with: key.frenchLabel) }
            return text.replacingOccurrences(of: #"(\d)\.(\d)"#, with: "$1,$2", options: .regularExpression)
        }
        return reason
    }
}

private final class TranslationCache: @unchecked Sendable {
    private var storage: [String: String] = [:]
    private let lock = NSLock()

    func get(_ key: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return storage[key]
    }

    func set(_ key: String, _ value: String) {
        lock.lock()
        storage[key] = value
        lock.unlock()
    }
}
