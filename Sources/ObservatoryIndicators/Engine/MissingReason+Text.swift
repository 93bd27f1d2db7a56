import Foundation
import ObservatoryCore

extension MissingReason {
    /// The reason in English, for `explain`, logs and the CLI.
    public var english: String {
        switch self {
        case .divisionByZero: "division by zero"
        case .maskedDenominator: "the denominator may be zero (masked cells)"
        case .unboundedMaskedNumerator: "masked numerator without a bound per masked cell"
        case .unboundedDifference: "a difference of values with unbounded masked cells has no value"
        case .unboundedProduct: "a product of values with unbounded masked cells has no value"
        case .unboundedNegation: "a negated unbounded value has no value"
        case .comparisonNeedsExactValues: "a comparison needs exact values"
        case .notFinite: "the result is not a finite number"
        case .missingInput: "missing input"
        case .emptyTable: "the table is empty"
        case .noEntryHasValue: "no entry has a value"
        case .tooFewValues: "too few values for a z-score"
        case .maskedShares: "masked shares"
        case .noValue: "no value"
        case .maskedOrMissingEntry: "masked or missing entry"
        case .allEntriesEqual: "all entries are equal"
        case .absentFromReference: "absent from the reference"
        case .absentFrom(let territory): "absent from \(territory)"
        case .absent: "absent"
        case .absentKey(let dimension, let key): "no \(dimension) \(key)"
        case .noEntry(let key): "no entry \(key) for this territory and period"
        case .noRecruitmentProjects: "no recruitment projects"
        case .functionNeeds(let function, let need): "\(function) needs \(need.english)"
        case .conditionHasNoValue: "the condition has no value"
        case .noArgumentHasValue: "no argument has a value"
        case .notANumber(let text): "the text \"\(text)\" is not a number"
        case .notAValue(let name): "'\(name)' is not a value"
        case .unknownIndicator(let id): "unknown indicator '\(id)'"
        case .unknownFunction(let name): "unknown function '\(name)'"
        case .noComparison(let territory, let reference): "\(territory) has no \(reference ?? "reference") to compare with"
        case .noReferenceTerritory(let territory): "\(territory) has no reference territory"
        case .noData: "no data"
        case .noDataForPeriod(let measure, let period): "no \(measure) data for \(period.frenchLabel)"
        case .noDataForTerritory(let measure, let territory, let period): "no \(measure) data for \(territory) in \(period.frenchLabel)"
        case .onlyMissingCells(let measure): "only missing cells" + (measure.map { " for \($0)" } ?? "")
        case .noUnitCovers(let geography, let territory, let unlinked):
            "no \(geography.label) data covers \(territory)" + (unlinked ? " (no membership links them)" : "")
        case .noRowsWithDimension(let geography, let dimension, let code): "exact: rows of \(geography.label) with \(dimension) = \(code)"
        case .noCommuneWeight(let territory, let key): "\(territory) has no commune weight (\(key.englishLabel))"
        case .insufficientCoverage(let coverage, let territory, let coveredBy, let key, let minimum):
            "the source covers only \(Self.percent(coverage)) of \(territory)" + (coveredBy.map { " (\($0))" } ?? "")
                + ", weighted by \(key.englishLabel); below the \(Self.percent(minimum)) an indicator requires"
        case .borrowedFromUnit(let territory, let share, let unit, let key, let geography):
            "\(territory) makes up only \(Self.percent(share)) of \(unit), weighted by \(key.englishLabel): its value is that \(geography.label)'s, shown as a comparison"
        case .datasetDoesNotCover(let dataset, let covers):
            "the \(dataset) dataset covers only \(covers.map(\.description).joined(separator: ", ")), and this territory is not wholly inside it"
        case .noSkillsReferential: "the ROME 4.0 referential is not in the store (ingest rome4 and fap)"
        case .noTrainingSupply: "no training catalogue or certification register in the store"
        case .partialValueShownApart(let coverage):
            "a partial value (the source covers \(ValueFormatter.share(coverage)) of the territory) is shown in its own section, not as a key figure or a comparison"
        case .noValueForMappedPeriod(let period): "no value for the period mapped (\(period?.frenchLabel ?? "aucune"))"
        case .other(let text): text
        }
    }

    /// The reason in French, for dashboards, CSV and HTML.
    public var french: String {
        switch self {
        case .divisionByZero: "division par zéro"
        case .maskedDenominator: "le dénominateur peut être nul (cellules masquées)"
        case .unboundedMaskedNumerator: "numérateur masqué, sans borne connue par cellule"
        case .unboundedDifference, .unboundedProduct, .unboundedNegation: "calcul impossible sur des cellules masquées sans borne"
        case .comparisonNeedsExactValues: "une comparaison demande des valeurs exactes"
        case .notFinite: "le résultat n'est pas un nombre fini"
        case .missingInput: "donnée d'entrée manquante"
        case .emptyTable, .noData: "aucune donnée"
        case .noEntryHasValue: "aucune entrée n'a de valeur"
        case .tooFewValues: "trop peu de valeurs"
        case .maskedShares: "parts masquées"
        case .noValue: "pas de valeur"
        case .maskedOrMissingEntry: "entrée masquée ou manquante"
        case .allEntriesEqual: "toutes les entrées sont égales"
        case .absentFromReference, .absentFrom, .absent: "absent du territoire de référence"
        case .absentKey(let dimension, let key): "absent de la source (\(Self.legacy(dimension)) \(Self.legacy(key)))"
        case .noEntry(let key): "pas d'entrée \(key) pour ce territoire et cette période"
        case .noRecruitmentProjects: "aucun projet de recrutement"
        case .functionNeeds(let function, let need): "\(function) demande \(need.french)"
        case .conditionHasNoValue: "la condition n'a pas de valeur"
        case .noArgumentHasValue: "aucun argument n'a de valeur"
        case .notANumber(let text): "le texte « \(text) » n'est pas un nombre"
        case .notAValue(let name): "« \(name) » n'est pas une valeur"
        case .unknownIndicator(let id): "indicateur inconnu « \(id) »"
        case .unknownFunction(let name): "fonction inconnue « \(name) »"
        case .noComparison(_, let reference): "pas de territoire de référence (\(Self.legacy(reference ?? "reference")))"
        case .noReferenceTerritory: "pas de territoire de référence"
        case .noDataForPeriod(let measure, let period):
            "pas de donnée \(Self.legacy(Self.withoutFilters(measure))) pour \(Self.legacy(period.frenchLabel))"
        case .noDataForTerritory(let measure, _, let period):
            "pas de donnée \(Self.legacy(Self.withoutFilters(measure))) pour ce territoire en \(Self.legacy(period.frenchLabel))"
        case .onlyMissingCells: "seulement des cellules manquantes dans la source"
        case .noUnitCovers(let geography, _, _): "la source ne publie rien pour ce territoire (données par \(Self.legacy(geography.label)))"
        case .noRowsWithDimension(_, let dimension, let code): "aucune ligne de la source pour ce territoire (\(dimension) = \(code))"
        case .noCommuneWeight(_, let key): "aucune commune du territoire n'a de poids connu (\(key.frenchLabel))"
        case .insufficientCoverage(let coverage, _, let coveredBy, let key, let minimum):
            "la source ne couvre que \(Self.percentNumber(coverage)) % de ce territoire" + (coveredBy.map { " (\(Self.legacy($0)))" } ?? "")
                + ", en pondérant par \(key.frenchLabel) : sous le seuil de \(Self.percentNumber(minimum)) %, pas de valeur"
        case .borrowedFromUnit(_, let share, let unit, let key, _):
            "le territoire ne forme que \(Self.percentNumber(share)) % de l'unité de la source qui le contient "
                + "(\(Self.legacy(unit.description)), pondéré par \(key.frenchLabel)) : sa valeur est celle de cette unité, "
                + "montrée en comparaison, pas celle du territoire"
        case .datasetDoesNotCover(let dataset, let covers):
            "la source \(Self.legacy(dataset)) ne couvre que \(Self.legacy(covers.map(\.description).joined(separator: ", "))), "
                + "et ce territoire n'y est pas tout entier"
        case .noSkillsReferential: "le référentiel ROME 4.0 n'est pas dans la base (ingérer rome4 et fap)"
        case .noTrainingSupply: "aucun catalogue de formations ni répertoire de certifications dans la base"
        case .partialValueShownApart(let coverage):
            "valeur partielle (la source couvre \(ValueFormatter.share(coverage)) du territoire) : "
                + "montrée dans la section du territoire, pas en chiffre clé ni en comparaison"
        case .noValueForMappedPeriod(let period): "pas de valeur pour la période de la carte (\(period?.frenchLabel ?? "aucune"))"
        case .other(let text): text
        }
    }

    /// `12 %`, `0.4 %`: one decimal below 1 % and between 99 % and 100 %.
    static func percent(_ share: Double) -> String {
        percentNumber(share, decimalPoint: ".") + " %"
    }

    /// The number of ``percent(_:)``, with a decimal comma unless told.
    static func percentNumber(_ share: Double, decimalPoint: String = ",") -> String {
        let value = share * 100
        let text = String(format: value < 1 || (value > 99 && value < 100) ? "%.1f" : "%.0f", value)
        return decimalPoint == "." ? text : text.replacingOccurrences(of: ".", with: decimalPoint)
    }

    /// `dataset.measure` of `dataset.measure[filters]`.
    static func withoutFilters(_ measure: String) -> String {
        guard measure.hasSuffix("]"), let bracket = measure.firstIndex(of: "[") else { return measure }
        return String(measure[..<bracket])
    }

    /// Names taken from the data (dimensions, keys, datasets), written as the French pages always
    /// wrote them: `region` → `région`, `departement` → `département`, a decimal comma between digits.
    static func legacy(_ text: String) -> String {
        text.replacingOccurrences(of: "region", with: "région").replacingOccurrences(of: "departement", with: "département")
            .replacingOccurrences(of: #"(\d)\.(\d)"#, with: "$1,$2", options: .regularExpression)
    }
}

extension MissingReason.FunctionNeed {
    public var english: String {
        switch self {
        case .table: "a table"
        case .romeTable: "a table of ROME codes"
        case .fapTable: "a table of FAP codes"
        case .twoRomeTables: "two tables of ROME codes"
        case .singleCondition: "a single condition"
        case .measureAndDimension: "a dataset measure and a dimension"
        case .positiveValues: "positive values"
        }
    }

    public var french: String {
        switch self {
        case .table: "une table"
        case .romeTable: "une table de codes ROME"
        case .fapTable: "une table de codes FAP"
        case .twoRomeTables: "deux tables de codes ROME"
        case .singleCondition: "une seule condition"
        case .measureAndDimension: "une mesure d'un jeu de données et une dimension"
        case .positiveValues: "des valeurs positives"
        }
    }
}
