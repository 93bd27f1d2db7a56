import ObservatoryCore

/// What a formula reads: dataset measures and other indicators, found in its syntax tree.
public struct FormulaDependencies: Sendable, Hashable {
    /// A measure of a dataset: `bmo.met`.
    public struct Measure: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var dataset: DatasetID
        public var measure: String

        public init(dataset: DatasetID, measure: String) {
            self.dataset = dataset
            self.measure = measure
        }

        public var description: String { "\(dataset).\(measure)" }
        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.dataset, lhs.measure) < (rhs.dataset, rhs.measure) }
    }

    /// The measures read, sorted, each once (filters aside).
    public var measures: [Measure]
    /// The indicators used by id, sorted, each once.
    public var indicators: [String]

    /// The datasets read, sorted.
    public var datasets: [DatasetID] { Array(Set(measures.map(\.dataset))).sorted() }

    public init(measures: [Measure] = [], indicators: [String] = []) {
        self.measures = Array(Set(measures)).sorted()
        self.indicators = Array(Set(indicators)).sorted()
    }

    /// The dependencies of `expression`. A bare name counts as an indicator when it is an
    /// `.indicator` node, which is how the parser reads any name outside a dimension or
    /// reference argument.
    public init(of expression: Expression) {
        var measures: [Measure] = []
        var indicators: [String] = []
        Self.walk(expression) { node in
            switch node {
            case .measure(let reference): measures.append(Measure(dataset: DatasetID(reference.dataset), measure: reference.measure))
            case .indicator(let name, _): indicators.append(name)
            default: break
            }
        }
        self.init(measures: measures, indicators: indicators)
    }

    /// Calls `visit` on every node, parents first, in source order.
    public static func walk(_ expression: Expression, _ visit: (Expression) -> Void) {
        visit(expression)
        switch expression {
        case .unary(_, let operand, _): walk(operand, visit)
        case .binary(_, let left, let right, _):
            walk(left, visit)
            walk(right, visit)
        case .call(_, let arguments, _): for argument in arguments { walk(argument, visit) }
        default: break
        }
    }
}
