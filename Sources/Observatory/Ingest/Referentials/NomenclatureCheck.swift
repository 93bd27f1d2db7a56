import ObservatoryCore
import ObservatoryData
import ObservatoryStore

/// Checks the nomenclatures the catalogue declares for dimensions (`nomenclatures: {metier:
/// FAP-2021}`) against those the store has crosswalks for, so that a typo is an error of
/// `observatory check`, not a survey silently left unmapped.
public enum NomenclatureCheck {
    public static func diagnostics(_ catalog: Catalog) -> [Diagnostic] {
        let known = FAPNomenclature.allCases.map(\.rawValue)
        var result: [Diagnostic] = []
        for dataset in catalog.datasets {
            for file in dataset.files {
                for (dimension, name) in (file.ingest?.nomenclatures ?? [:]).sorted(by: { $0.key < $1.key }) where !known.contains(name) {
                    result.append(Diagnostic(file: dataset.path, line: file.line, message:
                        "\(file.name): dimension '\(dimension)' is declared in nomenclature '\(name)', which has no crosswalk; "
                        + "known: \(known.joined(separator: ", "))"))
                }
            }
        }
        return result
    }
}
