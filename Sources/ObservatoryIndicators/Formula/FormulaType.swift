/// What a formula gives: its unit, and whether it is a table (a value per code of a dimension,
/// made by `by(…)` or a table function) rather than a single number.
public struct FormulaType: Sendable, Hashable, CustomStringConvertible {
    public var unit: Unit
    public var isTable: Bool

    public init(unit: Unit, isTable: Bool = false) {
        self.unit = unit
        self.isTable = isTable
    }

    /// `percent`, `table of count`.
    public var description: String { isTable ? "table of \(unit.rawValue)" : unit.rawValue }
}
