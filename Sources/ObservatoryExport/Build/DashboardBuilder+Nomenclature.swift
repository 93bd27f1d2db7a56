import ObservatoryIndicators

extension DashboardBuilder {
    /// The note of a value that draws on vintages of one dataset whose codes of a dimension the
    /// formula reads are in different nomenclatures (BMO's métiers: FAP-2009 in 2023, FAP-2021 in
    /// 2024), as the catalogue declares them; `nil` when the value crosses no such change.
    func nomenclatureChange(_ sources: Set<Provenance>, formula: String) -> String? {
        let vintages = Dictionary(grouping: sources, by: \.dataset).mapValues { Set($0.map(\.vintage)) }
        let words = Set(formula.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        var found: [String] = []
        for (dataset, years) in vintages.sorted(by: { $0.key < $1.key }) where years.count > 1 {
            var byDimension: [String: [(vintage: String, name: String)]] = [:]
            for (key, name) in data.nomenclatures {
                let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[0] == dataset, years.contains(parts[1]), words.contains(parts[2]) else { continue }
                byDimension[parts[2], default: []].append((parts[1], name))
            }
            for (dimension, list) in byDimension.sorted(by: { $0.key < $1.key }) where Set(list.map(\.name)).count > 1 {
                let described = list.sorted { $0.vintage < $1.vintage }.map { "en \($0.name) en \($0.vintage)" }
                found.append("les codes « \(dimension) » de « \(data.datasets[dataset]?.title ?? dataset) » sont "
                             + described.joined(separator: " et "))
            }
        }
        guard !found.isEmpty else { return nil }
        return "Cette comparaison traverse un changement de nomenclature : " + found.joined(separator: " ; ")
            + ". Les codes des deux années ne se correspondent pas un à un et passent par des tables de "
            + "correspondance différentes : une part de l'écart peut venir de ce changement plutôt que des besoins des employeurs."
    }
}
