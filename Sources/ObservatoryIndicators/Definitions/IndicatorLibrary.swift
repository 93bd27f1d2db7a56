import Foundation
import ObservatoryConfig
import ObservatoryCore

/// Every indicator of `Indicators/indicators/`, read, checked and put in dependency order.
public struct IndicatorLibrary: Sendable {
    /// Each indicator after the indicators it uses.
    public var indicators: [CheckedIndicator]

    public init(indicators: [CheckedIndicator]) { self.indicators = indicators }

    /// The indicator with this id; `nil` when there is none.
    public func indicator(_ id: String) -> CheckedIndicator? {
        indicators.first { $0.id == id }
    }

    /// Reads every `*.yaml` (and `*.yml`) file of `directory` and checks it against `symbols`:
    /// the file's keys and values, the formula's syntax, names and units, the declared unit, and
    /// the references between indicators (a cycle is reported on each of its members). A parse
    /// error in one file does not stop the others: every problem of every file is reported.
    /// A missing directory is an empty library.
    /// - Parameter displayRoot: the folder paths in messages are relative to (the project root);
    ///   `nil` shows full paths.
    /// - Throws: ``DiagnosticsError`` listing every problem, sorted by file, line and column.
    public static func load(directory: URL, displayRoot: URL? = nil,
                            symbols: some FormulaSymbols) throws(DiagnosticsError) -> IndicatorLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            return IndicatorLibrary(indicators: [])
        }
        let names: [String]
        do {
            guard isDirectory.boolValue else { throw CocoaError(.fileReadUnknown) }
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw DiagnosticsError([Diagnostic(file: display(directory, relativeTo: displayRoot),
                                               message: "cannot list the indicator folder: \(error.localizedDescription)")])
        }
        let diagnostics = DiagnosticCollector()
        var files: [(stem: String, source: ConfigSource)] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let path = display(url, relativeTo: displayRoot)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics.add(Diagnostic(file: path, message: "cannot read the file as UTF-8 text"))
                continue
            }
            files.append(((name as NSString).deletingPathExtension, ConfigSource(path: path, text: text)))
        }
        let library = check(files, symbols: symbols, into: diagnostics)
        if diagnostics.hasErrors { throw DiagnosticsError(sorted(diagnostics.diagnostics)) }
        return library
    }

    /// Checks indicator files given as (file stem, source), reporting into `diagnostics`; the
    /// library holds the indicators without problems.
    static func check(_ files: [(stem: String, source: ConfigSource)], symbols: some FormulaSymbols,
                      into diagnostics: DiagnosticCollector) -> IndicatorLibrary {
        var parsed: [String: IndicatorParser.Parsed] = [:]
        for (stem, source) in files {
            guard let result = IndicatorParser.parse(source, fileStem: stem, into: diagnostics),
                  IndicatorDefinition.isValidID(stem) else { continue }
            if let first = parsed[stem] {
                diagnostics.add(source.diagnostic("indicator '\(stem)' is defined twice: also in \(first.source.path)",
                                                  line: nil, column: nil))
                continue
            }
            parsed[stem] = result
        }
        let dependencies = parsed.compactMapValues { $0.expression.map(FormulaDependencies.init(of:)) }
        let graph = DependencyGraph(dependencies: parsed.keys.reduce(into: [:]) { edges, id in
            edges[id] = dependencies[id]?.indicators ?? []
        })
        var inCycle: Set<String> = []
        for cycle in graph.cycles {
            inCycle.formUnion(cycle)
            for (index, member) in cycle.enumerated() {
                let next = cycle[(index + 1) % cycle.count]
                guard let file = parsed[member], let expression = file.expression,
                      let location = firstUse(of: next, in: expression) else { continue }
                diagnostics.add(file.source.diagnostic(DependencyGraph.describe(cycle), line: location.line,
                                                       column: location.column))
            }
        }
        // A file whose YAML failed still names an indicator: using it is not "unknown".
        let existing = Set(files.map(\.stem).filter(IndicatorDefinition.isValidID)).union(parsed.keys)
        var types: [String: FormulaType] = [:]
        var checked: [CheckedIndicator] = []
        for id in graph.order {
            guard let file = parsed[id], let expression = file.expression else { continue }
            let validator = FormulaValidator(symbols: symbols, indicators: types,
                                             unresolvedIndicators: existing.subtracting(types.keys))
            let outcome = validator.check(expression)
            var problems = outcome.problems
            if let type = outcome.type, let declared = file.declaredUnit, let start = file.formulaStart {
                problems += validator.checkDeclared(type, declared: declared, allowsTable: file.allowsTable ?? true,
                                                    at: start)
                if !inCycle.contains(id) { types[id] = FormulaType(unit: declared, isTable: type.isTable) }
            }
            if let breakdown = file.breakdown, let problem = checkBreakdown(breakdown, expression: expression, reads: dependencies[id],
                                                                            symbols: symbols) {
                problems.append(problem)
            }
            for problem in problems {
                diagnostics.add(file.source.diagnostic(problem.message, line: problem.location.line,
                                                       column: problem.location.column))
            }
            if problems.isEmpty, let type = outcome.type, let definition = file.definition {
                checked.append(CheckedIndicator(definition: definition, expression: expression,
                                                unit: type.unit == .scalar ? definition.unit : type.unit,
                                                isTable: type.isTable, dependencies: dependencies[id] ?? .init()))
            }
        }
        return IndicatorLibrary(indicators: checked)
    }

    /// The breakdown dimension must be a dimension of a dataset the formula reads.
    /// Functions that key their tables by a dimension of their own (`to_rome` → `rome`) add it.
    private static func checkBreakdown(_ breakdown: (dimension: String, location: SourceLocation), expression: Expression,
                                       reads: FormulaDependencies?, symbols: some FormulaSymbols) -> FormulaProblem? {
        let datasets = (reads?.datasets ?? []).map(\.rawValue).filter { symbols.measures(ofDataset: $0) != nil }
        guard !datasets.isEmpty else { return nil }
        var produced = Set<String>()
        FormulaDependencies.walk(expression) { node in
            if case .call(let name, _, _) = node, let dimension = FunctionCatalog.producedDimensions[name] { produced.insert(dimension) }
        }
        let dimensions = Array(Set(datasets.flatMap { symbols.dimensions(ofDataset: $0) }).union(produced)).sorted()
        guard !dimensions.contains(breakdown.dimension) else { return nil }
        var message = "unknown breakdown dimension '\(breakdown.dimension)'"
        if let suggestion = FormulaValidator.suggest(breakdown.dimension, among: dimensions) {
            message += "; did you mean '\(suggestion)'?"
        }
        message += " (dimensions of \(datasets.joined(separator: ", ")): "
            + (dimensions.isEmpty ? "none" : dimensions.joined(separator: ", ")) + ")"
        return FormulaProblem(message, at: breakdown.location)
    }

    /// Where `expression` first names the indicator `id`.
    private static func firstUse(of id: String, in expression: Expression) -> SourceLocation? {
        var found: SourceLocation?
        FormulaDependencies.walk(expression) { node in
            if found == nil, case .indicator(id, let location) = node { found = location }
        }
        return found
    }

    /// By file, then line and column; file-wide problems first; otherwise in the order found.
    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let l = (a.element.file, a.element.line ?? 0, a.element.column ?? 0, a.offset)
            let r = (b.element.file, b.element.line ?? 0, b.element.column ?? 0, b.offset)
            return l < r
        }.map(\.element)
    }

    private static func display(_ url: URL, relativeTo root: URL?) -> String {
        guard let root else { return url.path }
        let rootPath = root.standardizedFileURL.path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
