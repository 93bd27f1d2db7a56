import Foundation
import ObservatoryCore

/// Why a value has no value: one case per kind of reason, said in English (``english``: `explain`,
/// logs, the CLI) and in French (``french``: dashboards, CSV, HTML), each in one place.
public enum MissingReason: Sendable, Hashable, Codable {
    // Arithmetic.
    case divisionByZero
    /// A denominator whose interval holds zero.
    case maskedDenominator
    case unboundedMaskedNumerator
    case unboundedDifference
    case unboundedProduct
    case unboundedNegation
    case comparisonNeedsExactValues
    case notFinite
    case missingInput

    // Tables.
    case emptyTable
    case noEntryHasValue
    /// A z-score over fewer than two values.
    case tooFewValues
    case maskedShares
    case noValue
    case maskedOrMissingEntry
    case allEntriesEqual
    /// An entry the reference territory's table does not have.
    case absentFromReference
    /// An entry the table of `territory` does not have.
    case absentFrom(TerritoryID)
    /// An entry a compared territory's table does not have.
    case absent
    /// A key missing from one side of a table operation: `no metier A0Z40`.
    case absentKey(dimension: String, key: String)
    /// A followed entry the table does not have.
    case noEntry(key: String)
    case noRecruitmentProjects

    // Functions and names.
    case functionNeeds(function: String, FunctionNeed)
    case conditionHasNoValue
    case noArgumentHasValue
    case notANumber(text: String)
    case notAValue(name: String)
    case unknownIndicator(String)
    case unknownFunction(String)
    /// `reference` is the name of the comparison asked (`region`); `nil`: any reference.
    case noComparison(territory: TerritoryID, reference: String?)
    case noReferenceTerritory(TerritoryID)

    // Data.
    case noData
    /// `measure` as written (`dataset.measure[filters]`).
    case noDataForPeriod(measure: String, period: Period)
    case noDataForTerritory(measure: String, territory: TerritoryID, period: Period)
    case onlyMissingCells(measure: String?)
    /// The data's units (of `geography`) do not reach `territory`; `unlinked`: not even by a membership.
    case noUnitCovers(geography: Geography, territory: TerritoryID, unlinked: Bool)
    /// No unit of the data's `geography` has rows with `dimension = code`.
    case noRowsWithDimension(geography: Geography, dimension: String, code: String)
    case noCommuneWeight(territory: TerritoryID, key: ApportionKey)
    /// The source covers `coverage` (0–1) of `territory`, below the `minimum` the indicator requires.
    case insufficientCoverage(coverage: Double, territory: String, coveredBy: String?, key: ApportionKey, minimum: Double)
    /// A rate of `unit` (of `geography`), of which `territory` makes up only `share`: not the territory's.
    case borrowedFromUnit(territory: TerritoryID, share: Double, unit: TerritoryID, key: ApportionKey, geography: Geography)
    /// The dataset declares it covers only `covers`, and the territory is not wholly inside.
    case datasetDoesNotCover(dataset: String, covers: [TerritoryID])
    case noSkillsReferential
    case noTrainingSupply

    // Dashboards.
    /// A value whose source covers `coverage` (0–1) of its territory, kept out of key figures and comparisons.
    case partialValueShownApart(coverage: Double)
    case noValueForMappedPeriod(Period?)

    /// A text no case says (tests, stubs); shown as is in both languages.
    case other(String)

    /// What a function lacks in its arguments.
    public enum FunctionNeed: String, Sendable, Hashable, Codable, CaseIterable {
        case table, romeTable, fapTable, twoRomeTables, singleCondition, measureAndDimension, positiveValues
    }
}

extension MissingReason: CustomStringConvertible {
    public var description: String { english }
}
