import Foundation
import ObservatoryCore
@testable import ObservatoryIndicators
import Testing

@Suite struct MissingReasonTests {
    static let q3 = Period.quarter(2023, 3)
    static let vierzon = TerritoryID(.zoneEmploi, "2415")

    /// One reason of every case (``kind(_:)`` fails to compile when a case is added without one).
    static let samples: [MissingReason] = [
        .divisionByZero, .maskedDenominator, .unboundedMaskedNumerator, .unboundedDifference, .unboundedProduct,
        .unboundedNegation, .comparisonNeedsExactValues, .notFinite, .missingInput, .emptyTable, .noEntryHasValue,
        .tooFewValues, .maskedShares, .noValue, .maskedOrMissingEntry, .allEntriesEqual, .absentFromReference,
        .absentFrom(TerritoryID(.region, "24")), .absent, .absentKey(dimension: "metier", key: "A0Z40"),
        .noEntry(key: "T4Z61"), .noRecruitmentProjects, .functionNeeds(function: "share", .table), .conditionHasNoValue,
        .noArgumentHasValue, .notANumber(text: "abc"), .notAValue(name: "x"), .unknownIndicator("nope"), .unknownFunction("f"),
        .noComparison(territory: vierzon, reference: "region"), .noReferenceTerritory(vierzon), .noData,
        .noDataForPeriod(measure: "chomage-ze.taux", period: q3),
        .noDataForTerritory(measure: "bmo.projets[metier = \"A0Z40\"]", territory: vierzon, period: q3),
        .onlyMissingCells(measure: "bmo.projets"),
        .noUnitCovers(geography: .zoneEmploi, territory: TerritoryID(.custom, "alpha"), unlinked: true),
        .noRowsWithDimension(geography: .bassinBMO, dimension: "dep", code: "18"),
        .noCommuneWeight(territory: vierzon, key: .salariedJobs),
        .insufficientCoverage(coverage: 0.255, territory: "fr:FR", coveredBy: "département 99", key: .activePopulation, minimum: 0.95),
        .borrowedFromUnit(territory: vierzon, share: 0.004, unit: TerritoryID(.departement, "18"), key: .population, geography: .departement),
        .datasetDoesNotCover(dataset: "lheo", covers: [TerritoryID(.region, "24"), TerritoryID(.departement, "91")]),
        .noSkillsReferential, .noTrainingSupply, .partialValueShownApart(coverage: 0.43), .noValueForMappedPeriod(q3),
        .other("no projects in the fixture"),
    ]

    static func kind(_ reason: MissingReason) -> String {
        switch reason {
        case .divisionByZero: "divisionByZero"
        case .maskedDenominator: "maskedDenominator"
        case .unboundedMaskedNumerator: "unboundedMaskedNumerator"
        case .unboundedDifference: "unboundedDifference"
        case .unboundedProduct: "unboundedProduct"
        case .unboundedNegation: "unboundedNegation"
        case .comparisonNeedsExactValues: "comparisonNeedsExactValues"
        case .notFinite: "notFinite"
        case .missingInput: "missingInput"
        case .emptyTable: "emptyTable"
        case .noEntryHasValue: "noEntryHasValue"
        case .tooFewValues: "tooFewValues"
        case .maskedShares: "maskedShares"
        case .noValue: "noValue"
        case .maskedOrMissingEntry: "maskedOrMissingEntry"
        case .allEntriesEqual: "allEntriesEqual"
        case .absentFromReference: "absentFromReference"
        case .absentFrom: "absentFrom"
        case .absent: "absent"
        case .absentKey: "absentKey"
        case .noEntry: "noEntry"
        case .noRecruitmentProjects: "noRecruitmentProjects"
        case .functionNeeds: "functionNeeds"
        case .conditionHasNoValue: "conditionHasNoValue"
        case .noArgumentHasValue: "noArgumentHasValue"
        case .notANumber: "notANumber"
        case .notAValue: "notAValue"
        case .unknownIndicator: "unknownIndicator"
        case .unknownFunction: "unknownFunction"
        case .noComparison: "noComparison"
        case .noReferenceTerritory: "noReferenceTerritory"
        case .noData: "noData"
        case .noDataForPeriod: "noDataForPeriod"
        case .noDataForTerritory: "noDataForTerritory"
        case .onlyMissingCells: "onlyMissingCells"
        case .noUnitCovers: "noUnitCovers"
        case .noRowsWithDimension: "noRowsWithDimension"
        case .noCommuneWeight: "noCommuneWeight"
        case .insufficientCoverage: "insufficientCoverage"
        case .borrowedFromUnit: "borrowedFromUnit"
        case .datasetDoesNotCover: "datasetDoesNotCover"
        case .noSkillsReferential: "noSkillsReferential"
        case .noTrainingSupply: "noTrainingSupply"
        case .partialValueShownApart: "partialValueShownApart"
        case .noValueForMappedPeriod: "noValueForMappedPeriod"
        case .other: "other"
        }
    }

    /// Reasons the regular expressions of the French pages did not translate (they showed in
    /// English): the enum says them in French.
    static let untranslatedBefore: Set<String> = [
        "unboundedNegation", "maskedShares", "noValue", "maskedOrMissingEntry", "allEntriesEqual", "noEntry", "functionNeeds", "conditionHasNoValue", "noArgumentHasValue", "notANumber", "notAValue",
        "unknownIndicator", "unknownFunction", "noRowsWithDimension", "noSkillsReferential", "noTrainingSupply",
    ]

    @Test func everyCaseHasASampleAndBothLanguages() throws {
        #expect(Set(Self.samples.map(Self.kind)).count == Self.samples.count)
        for reason in Self.samples {
            #expect(!reason.english.isEmpty && !reason.french.isEmpty, "\(Self.kind(reason))")
            if case .other = reason { #expect(reason.french == reason.english) } else {
                #expect(reason.french != reason.english, "\(Self.kind(reason)) says the same in both languages")
            }
            let coded = try JSONDecoder().decode(MissingReason.self, from: JSONEncoder().encode(reason))
            #expect(coded == reason, "\(Self.kind(reason)) reads back")
        }
        for need in MissingReason.FunctionNeed.allCases {
            #expect(!need.english.isEmpty && !need.french.isEmpty && need.english != need.french)
        }
    }

    /// The French of each case is what the regular expressions of the pages made of its English,
    /// but for the reasons they left in English.
    @Test func frenchIsWhatThePagesSaidOfTheEnglish() {
        for reason in Self.samples where Self.kind(reason) != "other" {
            if case .noRecruitmentProjects = reason {
                // Taken for an absent entry (`no metier X`) by the regular expressions.
                #expect(LegacyFrenchReason.text(reason.english) == "absent de la source (recruitment projects)")
                #expect(reason.french == "aucun projet de recrutement")
            } else if Self.untranslatedBefore.contains(Self.kind(reason)) {
                #expect(LegacyFrenchReason.text(reason.english) == reason.english, "\(Self.kind(reason)) was translated")
            } else {
                #expect(reason.french == LegacyFrenchReason.text(reason.english), "\(Self.kind(reason)): \(reason.english)")
            }
        }
        // Every function need, every apportion key, and shares on both sides of the one-decimal rule.
        for key in ApportionKey.allCases {
            for share in [0.004, 0.26, 0.995, 0.9999] {
                for reason: MissingReason in [
                    .insufficientCoverage(coverage: share, territory: "ze2020:2415", coveredBy: nil, key: key, minimum: 0.95),
                    .borrowedFromUnit(territory: Self.vierzon, share: share, unit: TerritoryID(.region, "24"), key: key, geography: .region),
                    .noCommuneWeight(territory: Self.vierzon, key: key), .partialValueShownApart(coverage: share),
                ] {
                    #expect(reason.french == LegacyFrenchReason.text(reason.english), "\(reason.english)")
                }
            }
        }
        for reference in ["region", "departement", "france", nil] {
            let reason = MissingReason.noComparison(territory: Self.vierzon, reference: reference)
            #expect(reason.french == LegacyFrenchReason.text(reason.english))
        }
        for reason: MissingReason in [.absentKey(dimension: "region", key: "24"), .absentKey(dimension: "naf", key: "47.11Z"),
                                      .noDataForPeriod(measure: "bmo.projets", period: .year(2024)),
                                      .noDataForTerritory(measure: "bmo.projets[metier in (\"A\", \"B\")]", territory: Self.vierzon, period: .month(2024, 3)),
                                      .onlyMissingCells(measure: nil), .noUnitCovers(geography: .bassinBMO, territory: Self.vierzon, unlinked: false),
                                      .noValueForMappedPeriod(nil)] {
            #expect(reason.french == LegacyFrenchReason.text(reason.english), "\(reason.english)")
        }
    }

    @Test func aFewExactTexts() {
        #expect(MissingReason.divisionByZero.english == "division by zero")
        #expect(MissingReason.divisionByZero.french == "division par zéro")
        let coverage = MissingReason.insufficientCoverage(coverage: 0.255, territory: "fr:FR", coveredBy: "département 99",
                                                          key: .activePopulation, minimum: 0.95)
        #expect(coverage.english == "the source covers only 26 % of fr:FR (département 99), weighted by active population aged 15-64 (census); below the 95 % an indicator requires")
        #expect(coverage.french == "la source ne couvre que 26 % de ce territoire (département 99), en pondérant par la population active (recensement) : sous le seuil de 95 %, pas de valeur")
        let small = MissingReason.borrowedFromUnit(territory: Self.vierzon, share: 0.004, unit: TerritoryID(.departement, "18"),
                                                   key: .population, geography: .departement)
        #expect(small.english == "ze2020:2415 makes up only 0.4 % of dep:18, weighted by population (census): its value is that département's, shown as a comparison")
        #expect(small.french.hasPrefix("le territoire ne forme que 0,4 % de l'unité de la source qui le contient (dep:18, pondéré par la population (recensement))"))
        #expect(MissingReason.noComparison(territory: Self.vierzon, reference: "region").french == "pas de territoire de référence (région)")
        #expect(MissingReason.noDataForTerritory(measure: "chomage-ze.taux", territory: TerritoryID(.departement, "18"), period: .quarter(2024, 4)).english
                == "no chomage-ze.taux data for dep:18 in T4 2024")
        #expect(MissingReason.functionNeeds(function: "passerelles", .twoRomeTables).english == "passerelles needs two tables of ROME codes")
        #expect(MissingReason.functionNeeds(function: "passerelles", .twoRomeTables).french == "passerelles demande deux tables de codes ROME")
    }

    /// Pages (and the Changements page) say a missing value in French, the CLI in English.
    @Test func aMissingValueIsSaidInOneLanguage() {
        let missing = Value.none(.maskedDenominator)
        #expect(ValueFormatter.text(missing, unit: .percent) == "pas de valeur : le dénominateur peut être nul (cellules masquées)")
        #expect(ValueFormatter.englishText(missing, unit: .percent) == "no value: the denominator may be zero (masked cells)")
        let masked = Value(lower: 100, upper: 106, maskedCells: 2, reason: nil, sourceIDs: .empty)
        #expect(ValueFormatter.englishText(masked, unit: .count) == "at least 100, at most 106 (2 masked cells)")
        let estimate = Value(lower: 12, upper: 12, maskedCells: 0, extent: Extent(coverage: 0.5, apportioned: 0, key: .population),
                             reason: nil, sourceIDs: .empty)
        #expect(ValueFormatter.englishText(estimate, unit: .count) == "≈ 12 (the source covers 50 % of the territory, weighted by population (census))")
    }

    @Test func valuesKeepTheReasonAsAnID() {
        let value = Value.none(.divisionByZero)
        #expect(value.missingReason == .divisionByZero && value.reason == "division by zero")
        #expect(Value.none(.divisionByZero) == value && Value.none(.notFinite) != value)
        #expect(Value.exact(1).missingReason == nil && Value.exact(.infinity).missingReason == .notFinite)
    }
}
