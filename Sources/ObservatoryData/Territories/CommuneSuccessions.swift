import Foundation
import ObservatoryCore

/// Former commune codes and the communes nouvelles that took them over
/// (`Indicators/communes/successions.csv`, from INSEE's COG events): a file or a basin written
/// with a code that no longer exists reaches its successor instead of being dropped.
public struct CommuneSuccessions: Sendable, Hashable {
    /// former code → successor code, chains followed (A → B → C gives A → C).
    public private(set) var successors: [String: String] = [:]
    /// The file's text digest input, for fingerprints.
    public private(set) var text: String = ""

    public init(_ pairs: [String: String] = [:]) {
        successors = pairs
        resolveChains()
    }

    /// The code in force for `code`: its successor, or itself.
    public func current(_ code: String) -> String { successors[code] ?? code }

    /// Reads the table (`ancien;ancien_nom;nouveau;nouveau_nom`, `#` comment lines); a missing file
    /// means no succession. Throws ``DiagnosticsError`` listing every malformed line.
    public static func load(_ url: URL, displayRoot: URL?) throws -> CommuneSuccessions {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return CommuneSuccessions() }
        let display = ConfigPaths.display(url, relativeTo: displayRoot)
        var result = try parse(text, path: display)
        result.text = text
        return result
    }

    public static func parse(_ text: String, path: String) throws -> CommuneSuccessions {
        var pairs: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        var sawHeader = false
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawHeader {
                sawHeader = true
                if fields.first == "ancien" { continue }
            }
            guard fields.count >= 3 else {
                diagnostics.append(Diagnostic(file: path, line: offset + 1, column: 1,
                                              message: "expected 'ancien;ancien_nom;nouveau;nouveau_nom', found \(fields.count) fields"))
                continue
            }
            let (old, new) = (fields[0], fields[2])
            for (code, column) in [(old, 1), (new, line.distance(from: line.startIndex, to: line.range(of: new)?.lowerBound ?? line.startIndex) + 1)]
            where !isCommuneCode(code) {
                diagnostics.append(Diagnostic(file: path, line: offset + 1, column: column,
                                              message: "'\(code)' is not a commune code (5 characters, e.g. 41059 or 2A004)"))
            }
            if old == new {
                diagnostics.append(Diagnostic(file: path, line: offset + 1, column: 1, message: "commune \(old) succeeds itself"))
            } else if let earlier = pairs[old], earlier != new {
                diagnostics.append(Diagnostic(file: path, line: offset + 1, column: 1,
                                              message: "commune \(old) already has the successor \(earlier)"))
            } else {
                pairs[old] = new
            }
        }
        var result = CommuneSuccessions(pairs)
        if let cycle = result.cycle {
            diagnostics.append(Diagnostic(file: path, message: "successions form a cycle: " + cycle.joined(separator: " → ")))
            result = CommuneSuccessions()
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return result
    }

    static func isCommuneCode(_ code: String) -> Bool {
        code.count == 5 && code.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "A" || $0 == "B") }
    }

    private var cycle: [String]?

    private mutating func resolveChains() {
        var resolved: [String: String] = [:]
        for start in successors.keys.sorted() {
            var seen = [start]
            var code = start
            while let next = successors[code] {
                if seen.contains(next) { cycle = seen + [next]; return }
                seen.append(next)
                code = next
            }
            resolved[start] = code
        }
        successors = resolved
    }
}
