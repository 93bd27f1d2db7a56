import ObservatoryCore

/// A position in an indicator file, for diagnostics (1-based).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// The typed syntax tree of a formula. Parsing builds it; separate passes validate it, extract
/// its dependencies and evaluate it.
public indirect enum Expression: Sendable, Hashable {
    /// A number literal: `100`, `0.5`, `1e3`.
    case number(Double, SourceLocation)
    /// A text literal, only as a filter value or a function option: `"Agriculture"`.
    case text(String, SourceLocation)
    /// A dataset measure: `bmo.met`, `bmo.met[famille = "A", dep = "18"]`; summed over the
    /// dimensions not filtered, unless grouped with `by(…)`.
    case measure(MeasureReference)
    /// Another indicator, by id: `chomage_taux`.
    case indicator(String, SourceLocation)
    /// A name that is not a function call: a dimension or reference name given to a function
    /// (`by(bmo.met, metier)`, `at(x, region)`); resolved by validation.
    case name(String, SourceLocation)
    /// `-x`, `not x`.
    case unary(UnaryOperator, Expression, SourceLocation)
    /// `a + b`, `a / b`, `a >= b`, `a and b`.
    case binary(BinaryOperator, Expression, Expression, SourceLocation)
    /// `f(a, b)`: every built-in function, `if`, `coalesce` included.
    case call(String, [Expression], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .text(_, let l), .indicator(_, let l), .name(_, let l), .unary(_, _, let l),
             .binary(_, _, _, let l), .call(_, _, let l): l
        case .measure(let m): m.location
        }
    }
}

extension Expression {
    /// The formula without positions: two indicators that write the same sub-formula (in other
    /// files, at other places) give the same text.
    public var canonical: String {
        switch self {
        case .number(let value, _): "\(value)"
        case .text(let text, _): "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .measure(let reference): reference.text
        case .indicator(let id, _): "@" + id
        case .name(let name, _): name
        case .unary(let op, let operand, _): op.rawValue + "(" + operand.canonical + ")"
        case .binary(let op, let left, let right, _): "(" + left.canonical + " " + op.rawValue + " " + right.canonical + ")"
        case .call(let name, let arguments, _): name + "(" + arguments.map(\.canonical).joined(separator: ", ") + ")"
        }
    }

    /// The canonical texts of the calls that hold another call (`competences(to_rome(…))`):
    /// the sub-formulas worth computing once for indicators that share them.
    public var nestedCalls: Set<String> {
        var found: Set<String> = []
        func walk(_ expression: Expression) -> Bool {
            switch expression {
            case .call(_, let arguments, _):
                var holdsCall = false
                for argument in arguments where walk(argument) { holdsCall = true }
                if holdsCall { found.insert(expression.canonical) }
                return true
            case .unary(_, let operand, _): return walk(operand)
            case .binary(_, let left, let right, _):
                let l = walk(left), r = walk(right)
                return l || r
            default: return false
            }
        }
        _ = walk(self)
        return found
    }
}

/// `dataset.measure[dimension = "value", …]`.
public struct MeasureReference: Sendable, Hashable {
    public var dataset: String
    public var measure: String
    /// Equality filters on dimensions; several values for one dimension mean "any of them"
    /// (`metier in ("A0Z40", "A0Z41")`).
    public var filters: [DimensionFilter]
    public var location: SourceLocation

    public init(dataset: String, measure: String, filters: [DimensionFilter] = [], location: SourceLocation) {
        self.dataset = dataset
        self.measure = measure
        self.filters = filters
        self.location = location
    }
}

public struct DimensionFilter: Sendable, Hashable {
    public var dimension: String
    /// Accepted values; a single one for `=`.
    public var values: [String]
    /// `!=` / `not in`.
    public var negated: Bool
    public var location: SourceLocation

    public init(dimension: String, values: [String], negated: Bool = false, location: SourceLocation) {
        self.dimension = dimension
        self.values = values
        self.negated = negated
        self.location = location
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case and, or

    public var isComparison: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual: true
        default: false
        }
    }
}

/// The unit of a value, checked through formulas: a percent is never added to a count.
public enum Unit: String, Sendable, Hashable, CaseIterable {
    /// Persons, jobs, projects, offers.
    case count
    /// A dimensionless quotient (0.25).
    case ratio
    /// A share in percent (25.0).
    case percent
    /// A difference of percents, in percentage points.
    case points
    /// Per 1,000.
    case perThousand = "per1000"
    /// A score or index without a natural unit (DARES tension, location quotient).
    case index
    /// Euros.
    case euros
    /// A number literal: takes the unit of what it meets.
    case scalar
    /// A truth value (1 or 0) from a comparison.
    case boolean

    /// French label for dashboards.
    public var label: String {
        switch self {
        case .count: "effectif"
        case .ratio: "rapport"
        case .percent: "%"
        case .points: "points"
        case .perThousand: "‰"
        case .index: "indice"
        case .euros: "€"
        case .scalar: ""
        case .boolean: "oui/non"
        }
    }
}
