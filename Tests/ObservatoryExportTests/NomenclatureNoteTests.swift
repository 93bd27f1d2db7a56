import ObservatoryCore
@testable import ObservatoryExport
import ObservatoryIndicators
import Testing

/// A comparison that spans two vintages whose codes of a dimension the formula reads are in
/// different nomenclatures says so; one that does not, says nothing.
@Suite struct NomenclatureNoteTests {
    static func provenance(_ vintage: String) -> Provenance {
        Provenance(dataset: "bmo", vintage: vintage, file: "BMO_\(vintage).xlsx", sha256: String(repeating: "0", count: 64), fetchedAt: nil)
    }

    static func builder() throws -> DashboardBuilder {
        var data = try ExportFixture.data()
        data.nomenclatures = ["bmo/2023/metier": "FAP-2009", "bmo/2024/metier": "FAP-2021", "bmo/2025/metier": "FAP-2021"]
        return DashboardBuilder(data: data)
    }

    @Test func aComparisonAcrossTheChangeIsFlagged() throws {
        let builder = try Self.builder()
        let note = try #require(builder.nomenclatureChange([Self.provenance("2023"), Self.provenance("2024")],
                                                          formula: "change(top(by(bmo.met, metier), 10), 1)"))
        #expect(note.hasPrefix("Cette comparaison traverse un changement de nomenclature : les codes « metier » de « "))
        #expect(note.contains("» sont en FAP-2009 en 2023 et en FAP-2021 en 2024."))
    }

    @Test(arguments: [
        (["2024", "2025"], "change(top(by(bmo.met, metier), 10), 1)"),  // same nomenclature both years
        (["2024"], "top(by(bmo.met, metier), 10)"),                      // one survey
        (["2023", "2024"], "pct_change(bmo.met, 1)"),                    // totals: the métier codes are not read
    ])
    func otherwiseNothingIsSaid(vintages: [String], formula: String) throws {
        let builder = try Self.builder()
        #expect(builder.nomenclatureChange(Set(vintages.map(Self.provenance)), formula: formula) == nil)
    }
}
