import ObservatoryConfig

/// Checks a parsed formula against the names it may use and infers what it gives.
///
/// Reports unknown datasets, measures, dimensions, indicators and functions (with "did you
/// mean"), wrong argument counts and kinds, and unit mismatches such as adding a percent to a
/// count. Every problem of a formula is reported; a sub-expression with a problem is not
/// checked further up, so that one mistake gives one message.
public struct FormulaValidator: Sendable {
    /// The result of a check: the formula's type when it has no problem.
    public struct Outcome: Sendable, Hashable {
        /// `nil` when `problems` is not empty.
        public var type: FormulaType?
        public var problems: [FormulaProblem]
    }

    /// Datasets, measures and dimensions formulas may name.
    public let symbols: any FormulaSymbols
    /// Indicators a formula may use, with what they give (their declared unit).
    public var indicators: [String: FormulaType]
    /// Indicators that exist but whose type is unknown (their own file has problems, or they are
    /// in a cycle): using them is not an error, but the formula using them gets no type.
    public var unresolvedIndicators: Set<String>

    public init(symbols: any FormulaSymbols, indicators: [String: FormulaType] = [:],
                unresolvedIndicators: Set<String> = []) {
        self.symbols = symbols
        self.indicators = indicators
        self.unresolvedIndicators = unresolvedIndicators
    }

    /// Checks `expression`.
    public func check(_ expression: Expression) -> Outcome {
        var problems: [FormulaProblem] = []
        let type = infer(expression, &problems)
        return Outcome(type: problems.isEmpty ? type : nil, problems: problems)
    }

    /// Checks that a formula of `type` fits an indicator declared in `declared`, which may show a
    /// table only when `allowsTable` (a breakdown, or a chart that draws tables).
    /// - Parameter location: where to point (the start of the formula).
    public func checkDeclared(_ type: FormulaType, declared: Unit, allowsTable: Bool,
                              at location: SourceLocation) -> [FormulaProblem] {
        var problems: [FormulaProblem] = []
        if type.unit == .boolean {
            problems.append(FormulaProblem("the formula gives \(type.unit.phrase), not a number; "
                + "the indicator is declared in '\(declared.rawValue)'", at: location))
        } else if type.unit != .scalar && type.unit != declared {
            var message = "the formula gives \(type.unit.phrase) but the indicator is declared in '\(declared.rawValue)'"
            switch (type.unit, declared) {
            case (.ratio, .percent): message += "; wrap the formula in percent(…)"
            case (.ratio, .perThousand): message += "; wrap the formula in per1000(…)"
            case (.percent, .points): message += "; in points: change(x, n) over time, gap(x, region) to a reference"
            default: break
            }
            problems.append(FormulaProblem(message, at: location))
        }
        if type.isTable && !allowsTable {
            problems.append(FormulaProblem("the formula gives a table (a value per code); give the indicator a "
                + "'breakdown' or a chart that shows tables (\(Self.tableCharts.joined(separator: ", "))), "
                + "or total it with sum(…)", at: location))
        }
        return problems
    }

    /// Charts that can show a table-valued indicator.
    public static let tableCharts = ["bar", "ranked_bar", "grouped_bar", "stacked_bar", "heat_table"]

    // MARK: Inference

    func infer(_ expression: Expression, _ problems: inout [FormulaProblem]) -> FormulaType? {
        switch expression {
        case .number:
            return FormulaType(unit: .scalar)
        case .text(_, let location):
            problems.append(FormulaProblem("a text in double quotes can only be a filter value, such as "
                + "bmo.met[famille = \"A\"]", at: location))
            return nil
        case .measure(let reference):
            return measure(reference, &problems)
        case .indicator(let name, let location):
            return indicator(name, at: location, &problems)
        case .name(let name, let location):
            problems.append(FormulaProblem("'\(name)' is not a value here", at: location))
            return nil
        case .unary(let op, let operand, let location):
            guard let type = infer(operand, &problems) else { return nil }
            switch Self.unary(op, type.unit) {
            case .success(let unit): return FormulaType(unit: unit, isTable: type.isTable)
            case .failure(let problem):
                problems.append(FormulaProblem(problem.message, at: location))
                return nil
            }
        case .binary(let op, let left, let right, let location):
            let l = infer(left, &problems), r = infer(right, &problems)
            guard let l, let r else { return nil }
            switch Self.binary(op, l.unit, r.unit) {
            case .success(let unit): return FormulaType(unit: unit, isTable: l.isTable || r.isTable)
            case .failure(let problem):
                problems.append(FormulaProblem(problem.message, at: location))
                return nil
            }
        case .call(let name, let arguments, let location):
            return call(name, arguments, at: location, &problems)
        }
    }

    private func measure(_ reference: MeasureReference, _ problems: inout [FormulaProblem]) -> FormulaType? {
        guard let measures = symbols.measures(ofDataset: reference.dataset) else {
            var message = "unknown dataset '\(reference.dataset)'"
            if let suggestion = Self.suggest(reference.dataset, among: symbols.datasetIDs) {
                message += "; did you mean '\(suggestion)'?"
            }
            if reference.dataset.contains("-") { message += " (to subtract, put spaces around '-')" }
            problems.append(FormulaProblem(message, at: reference.location))
            return nil
        }
        let dimensions = symbols.dimensions(ofDataset: reference.dataset)
        var seen: Set<String> = []
        var valid = true
        for filter in reference.filters {
            if !dimensions.contains(filter.dimension) {
                problems.append(FormulaProblem(Self.unknownDimension(filter.dimension, of: reference.dataset,
                                                                     among: dimensions), at: filter.location))
                valid = false
            } else if !seen.insert(filter.dimension).inserted {
                problems.append(FormulaProblem("the dimension '\(filter.dimension)' is filtered twice; list its "
                    + "values with in (…)", at: filter.location))
                valid = false
            }
        }
        guard let unit = measures[reference.measure] else {
            var message = "unknown measure '\(reference.measure)' of dataset '\(reference.dataset)'"
            let names = measures.keys.sorted()
            if let suggestion = Self.suggest(reference.measure, among: names) { message += "; did you mean '\(suggestion)'?" }
            message += " (its measures: \(names.joined(separator: ", ")))"
            problems.append(FormulaProblem(message, at: reference.location))
            return nil
        }
        return valid ? FormulaType(unit: unit) : nil
    }

    static func unknownDimension(_ name: String, of dataset: String, among dimensions: [String]) -> String {
        var message = "unknown dimension '\(name)' of dataset '\(dataset)'"
        let names = dimensions.sorted()
        if let suggestion = suggest(name, among: names) { message += "; did you mean '\(suggestion)'?" }
        message += names.isEmpty ? " (it has no dimension)" : " (its dimensions: \(names.joined(separator: ", ")))"
        return message
    }

    private func indicator(_ name: String, at location: SourceLocation, _ problems: inout [FormulaProblem]) -> FormulaType? {
        if let type = indicators[name] { return type }
        if unresolvedIndicators.contains(name) { return nil }
        let message: String
        if symbols.measures(ofDataset: name) != nil {
            let example = symbols.measures(ofDataset: name)!.keys.sorted().first.map { ", such as \(name).\($0)" } ?? ""
            message = "'\(name)' is a dataset: name one of its measures\(example)"
        } else if FunctionCatalog.signature(name) != nil {
            message = "'\(name)' is a function: call it with its arguments, \(FunctionCatalog.signature(name)!.usage)"
        } else if FunctionCatalog.references.contains(name) {
            let users = FunctionCatalog.all.filter { $0.arguments.contains(.reference) }.map(\.name)
            message = "'\(name)' is a reference territory: it is only an argument of \(users.joined(separator: ", "))"
        } else {
            var text = "unknown indicator '\(name)'"
            if let suggestion = Self.suggest(name, among: Array(indicators.keys) + unresolvedIndicators) {
                text += "; did you mean '\(suggestion)'?"
            }
            message = text
        }
        problems.append(FormulaProblem(message, at: location))
        return nil
    }

    /// The closest candidate by edit distance, else the longest one that starts or ends the word
    /// (`bmo` for `bmo2025`, `urssaf-ze` for `emploi-urssaf-ze`) or that the word starts.
    static func suggest(_ word: String, among candidates: [String]) -> String? {
        let sorted = candidates.sorted()
        if let close = Suggest.closest(to: word, among: sorted) { return close }
        return sorted.filter {
            $0.count >= 3 && (word.hasPrefix($0) || word.hasSuffix($0) || (word.count >= 3 && $0.hasPrefix(word)))
        }.max { $0.count < $1.count }
    }
}
