import ObservatoryCore
import Yams

/// Collects every problem found in analyst files, so that all are reported at once.
public final class DiagnosticCollector {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// Adds a diagnostic, once: a section shared by several entries reports its mistake once.
    public func add(_ diagnostic: Diagnostic) {
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }
    public func add(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }
}

/// A YAML file as analysts wrote it: its display path, text and lines, for positioned diagnostics.
public struct ConfigSource: Sendable {
    public let path: String
    public let text: String
    public let lines: [String]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// An error at a 1-based line and column, with the source line and a caret.
    public func diagnostic(_ message: String, line: Int?, column: Int?, severity: Diagnostic.Severity = .error) -> Diagnostic {
        let sourceLine = line.flatMap { $0 >= 1 && $0 <= lines.count ? lines[$0 - 1] : nil }
        return Diagnostic(file: path, line: line, column: column, severity: severity, message: message, sourceLine: sourceLine)
    }

    /// Parses the text as one YAML document; a syntax error becomes a diagnostic.
    public func parse(into diagnostics: DiagnosticCollector) -> ConfigNode? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.add(diagnostic("the file is empty", line: nil, column: nil))
                return nil
            }
            return ConfigNode(node: node, source: self)
        } catch let error as YamlError {
            diagnostics.add(Self.diagnostic(for: error, in: self))
            return nil
        } catch {
            diagnostics.add(diagnostic("cannot read YAML: \(error)", line: nil, column: nil))
            return nil
        }
    }

    private static func diagnostic(for error: YamlError, in source: ConfigSource) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return source.diagnostic("invalid YAML: \(what)", line: mark.line, column: mark.column)
        case .composer(let context, let problem, let mark, _):
            let what = [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return source.diagnostic("invalid YAML: \(what)", line: mark.line, column: mark.column)
        default:
            return source.diagnostic("invalid YAML: \(error)", line: nil, column: nil)
        }
    }
}

/// A YAML node with its position, and typed accessors that report mistakes as diagnostics.
public struct ConfigNode {
    public let node: Node
    public let source: ConfigSource

    public init(node: Node, source: ConfigSource) {
        self.node = node
        self.source = source
    }

    public var line: Int? { node.mark?.line }
    public var column: Int? { node.mark?.column }

    /// An error pointing at this node.
    public func error(_ message: String, severity: Diagnostic.Severity = .error) -> Diagnostic {
        source.diagnostic(message, line: line, column: column, severity: severity)
    }

    /// The scalar text, or `nil` (no diagnostic) when the node is not a scalar.
    public var scalarText: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    public var kindName: String {
        switch node {
        case .scalar: "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        default: "an alias"
        }
    }

    /// This node as a mapping, or an error saying what was expected.
    public func mapping(_ what: String, into diagnostics: DiagnosticCollector) -> ConfigMapping? {
        if case .mapping(let mapping) = node { return ConfigMapping(mapping: mapping, owner: self) }
        diagnostics.add(error("\(what) must be a mapping of keys to values, not \(kindName)"))
        return nil
    }

    /// This node's items, or an error when it is not a list.
    public func sequence(_ what: String, into diagnostics: DiagnosticCollector) -> [ConfigNode]? {
        if case .sequence(let sequence) = node { return sequence.map { ConfigNode(node: $0, source: source) } }
        diagnostics.add(error("\(what) must be a list, not \(kindName)"))
        return nil
    }

    /// This node as text, or an error when it is a list or mapping.
    public func string(_ what: String, into diagnostics: DiagnosticCollector) -> String? {
        if let text = scalarText { return text }
        diagnostics.add(error("\(what) must be a value, not \(kindName)"))
        return nil
    }
}
