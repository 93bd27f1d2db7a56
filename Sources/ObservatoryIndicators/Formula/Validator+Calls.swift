extension FormulaValidator {
    /// Checks a call of a built-in function: its name, argument count and kinds, and its result.
    func call(_ name: String, _ arguments: [Expression], at location: SourceLocation,
              _ problems: inout [FormulaProblem]) -> FormulaType? {
        guard let signature = FunctionCatalog.signature(name) else {
            var message = "unknown function '\(name)'"
            if let suggestion = Self.frenchNames[name] ?? Self.suggest(name, among: FunctionCatalog.all.map(\.name)) {
                message += "; did you mean '\(suggestion)'?"
            }
            problems.append(FormulaProblem(message, at: location))
            for argument in arguments where !argument.isBareName { _ = infer(argument, &problems) }
            return nil
        }
        let expected = signature.arguments.count
        guard signature.variadic ? arguments.count >= expected : arguments.count == expected else {
            let count = "\(signature.variadic ? "at least " : "")\(expected) argument\(expected == 1 ? "" : "s")"
            problems.append(FormulaProblem("'\(name)' takes \(count), not \(arguments.count): \(signature.usage)",
                                           at: location))
            for argument in arguments where !argument.isBareName { _ = infer(argument, &problems) }
            return nil
        }
        let before = problems.count
        var types: [FormulaType?] = []
        for (index, argument) in arguments.enumerated() {
            let kind = signature.kind(ofArgument: index) ?? .value
            types.append(self.argument(argument, kind: kind, index: index, of: signature, in: arguments, &problems))
        }
        guard problems.count == before else { return nil }
        let known = types.compactMap { $0 }
        guard known.count == types.count else { return nil }
        return result(of: signature, types: known, arguments: arguments, at: location, &problems)
    }

    /// Checks one argument against its kind; `nil` for an invalid or a non-value argument
    /// (dimension, reference and count arguments give a placeholder type).
    private func argument(_ argument: Expression, kind: FunctionSignature.Argument, index: Int,
                          of signature: FunctionSignature, in arguments: [Expression],
                          _ problems: inout [FormulaProblem]) -> FormulaType? {
        let which = "the \(Self.ordinal(index)) argument of '\(signature.name)'"
        let placeholder = FormulaType(unit: .scalar)
        switch kind {
        case .count:
            guard case .number(let value, _) = argument else {
                problems.append(FormulaProblem("\(which) must be a whole number ≥ 1 written in the formula, such as 5",
                                               at: argument.start))
                return nil
            }
            guard value >= 1, value <= 10_000, value.rounded() == value else {
                problems.append(FormulaProblem("\(which) must be a whole number ≥ 1, not \(Self.format(value))",
                                               at: argument.start))
                return nil
            }
            return placeholder
        case .choice:
            let allowed = FunctionCatalog.choices[signature.name] ?? []
            guard case .text(let text, let at) = argument else {
                problems.append(FormulaProblem("\(which) must be a text in quotes: "
                    + allowed.map { "\"\($0)\"" }.joined(separator: ", "), at: argument.start))
                return nil
            }
            guard allowed.contains(text) else {
                var message = "unknown choice \"\(text)\" for \(which)"
                if let suggestion = Self.suggest(text, among: allowed) { message += "; did you mean \"\(suggestion)\"?" }
                problems.append(FormulaProblem(message + " (choices: \(allowed.joined(separator: ", ")))", at: at))
                return nil
            }
            return placeholder
        case .number:
            guard case .number(let value, _) = argument else {
                problems.append(FormulaProblem("\(which) must be a number ≥ 0 written in the formula, such as 0.5",
                                               at: argument.start))
                return nil
            }
            guard value >= 0, value <= 1e9 else {
                problems.append(FormulaProblem("\(which) must be a number ≥ 0, not \(Self.format(value))", at: argument.start))
                return nil
            }
            return placeholder
        case .reference:
            let references = FunctionCatalog.references
            guard case .name(let name, let at) = argument else {
                problems.append(FormulaProblem("\(which) must be a reference territory: "
                    + references.joined(separator: ", "), at: argument.start))
                return nil
            }
            guard references.contains(name) else {
                var message = "unknown reference territory '\(name)'"
                if let suggestion = Self.suggest(name, among: references) { message += "; did you mean '\(suggestion)'?" }
                problems.append(FormulaProblem(message + " (references: \(references.joined(separator: ", ")))", at: at))
                return nil
            }
            return placeholder
        case .dimension:
            guard case .name(let name, let at) = argument else {
                problems.append(FormulaProblem("\(which) must be a dimension name, such as metier", at: argument.start))
                return nil
            }
            guard case .measure(let reference) = arguments.first,
                  symbols.measures(ofDataset: reference.dataset) != nil else { return placeholder }
            let dimensions = symbols.dimensions(ofDataset: reference.dataset)
            guard dimensions.contains(name) else {
                problems.append(FormulaProblem(Self.unknownDimension(name, of: reference.dataset, among: dimensions), at: at))
                return nil
            }
            return placeholder
        case .value, .table, .condition:
            if signature.name == "by" && index == 0, !argument.isMeasure {
                problems.append(FormulaProblem("\(which) must be a dataset measure such as bmo.met", at: argument.start))
                return nil
            }
            guard let type = infer(argument, &problems) else { return nil }
            if kind == .table && !type.isTable {
                problems.append(FormulaProblem("\(which) must be a table, such as by(dataset.measure, dimension), "
                    + "not a single number", at: argument.start))
                return nil
            }
            if kind == .condition && type.unit != .boolean {
                problems.append(FormulaProblem("\(which) must be a condition such as x > 0, not \(type.unit.phrase)",
                                               at: argument.start))
                return nil
            }
            if kind == .value && type.unit == .boolean && signature.name != "if" {
                problems.append(FormulaProblem("\(which) must be a number, not \(type.unit.phrase); "
                    + "use if(condition, a, b)", at: argument.start))
                return nil
            }
            return type
        }
    }

    private func result(of signature: FunctionSignature, types: [FormulaType], arguments: [Expression],
                        at location: SourceLocation, _ problems: inout [FormulaProblem]) -> FormulaType? {
        let kinds = arguments.indices.map { signature.kind(ofArgument: $0) ?? .value }
        let takesTable = kinds.contains(.table)
        let valueTable = zip(kinds, types).contains { ($0.0 == .value || $0.0 == .condition) && $0.1.isTable }
        let isTable = signature.returnsTable || (!takesTable && valueTable)
        let unit: Unit
        switch signature.name {
        case "if", "coalesce":
            let values = signature.name == "if" ? Array(types[1...]) : types
            guard let unified = Self.unify(values.map(\.unit)) else {
                let what = signature.name == "if" ? "the two branches of 'if'" : "the arguments of 'coalesce'"
                let units = values.map(\.unit).filter { $0 != .scalar }
                problems.append(FormulaProblem("\(what) must have the same unit, not \(units[0].phrase) and "
                    + "\(units.first { $0 != units[0] }!.phrase)", at: location))
                return nil
            }
            unit = unified
        case "part":
            let units = [types[0].unit, types[1].unit].filter { $0 != .scalar }
            guard units.count < 2 || units[0] == units[1] else {
                problems.append(FormulaProblem("'part' divides a part by its whole, which have the same unit, not "
                    + "\(units[0].phrase) and \(units[1].phrase)", at: location))
                return nil
            }
            unit = .ratio
        case "percent", "per1000":
            guard types[0].unit == .ratio || types[0].unit == .scalar else {
                let target = signature.name == "percent" ? "a percent" : "a rate per 1,000"
                problems.append(FormulaProblem("'\(signature.name)' turns a ratio into \(target), not "
                    + "\(types[0].unit.phrase); divide first, such as \(signature.name)(bmo.xmet / bmo.met)",
                    at: location))
                return nil
            }
            unit = signature.name == "percent" ? .percent : .perThousand
        default:
            switch signature.result {
            case .sameAsFirst: unit = types[0].unit
            case .sameAsSecond: unit = types[1].unit
            case .changeOfFirst: unit = types[0].unit == .percent ? .points : types[0].unit
            case .fixed(let fixed): unit = fixed
            }
        }
        return FormulaType(unit: unit, isTable: isTable)
    }

    /// French words analysts may try for a function.
    static let frenchNames = ["somme": "sum", "moyenne": "mean", "part": "share", "si": "if", "rang": "rank",
                              "nombre": "count", "pourcentage": "percent", "evolution": "change", "taux": "percent"]

    static func ordinal(_ index: Int) -> String {
        let names = ["first", "second", "third", "fourth", "fifth", "sixth"]
        return index < names.count ? names[index] : "\(index + 1)th"
    }

    /// `5`, `0.5`.
    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Expression {
    /// Where the expression's text begins: its leftmost token (a binary's location is its operator).
    var start: SourceLocation {
        if case .binary(_, let left, _, _) = self { return left.start }
        return location
    }

    /// A `.name`: a dimension or reference, not checked as a value.
    var isBareName: Bool {
        if case .name = self { return true }
        return false
    }

    var isMeasure: Bool {
        if case .measure = self { return true }
        return false
    }
}
