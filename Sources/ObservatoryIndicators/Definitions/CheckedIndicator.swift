/// An indicator whose file, formula, names, units and dependencies were all checked.
public struct CheckedIndicator: Sendable, Hashable {
    public var definition: IndicatorDefinition
    /// The formula's syntax tree, with positions in the indicator file.
    public var expression: Expression
    /// The unit the formula gives, which is the declared one (a formula of plain numbers takes it).
    public var unit: Unit
    /// Whether the formula gives a table (a value per code) rather than one number.
    public var isTable: Bool
    /// The measures and indicators the formula reads.
    public var dependencies: FormulaDependencies

    public init(definition: IndicatorDefinition, expression: Expression, unit: Unit, isTable: Bool,
                dependencies: FormulaDependencies) {
        self.definition = definition
        self.expression = expression
        self.unit = unit
        self.isTable = isTable
        self.dependencies = dependencies
    }

    /// The indicator's id (its file name).
    public var id: String { definition.id }
}
