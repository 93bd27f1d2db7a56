import ObservatoryCore
import Yams

/// A YAML mapping with typed, diagnosing accessors by key.
public struct ConfigMapping {
    public let mapping: Node.Mapping
    public let owner: ConfigNode

    public var source: ConfigSource { owner.source }

    /// The keys in file order.
    public var keys: [String] { mapping.keys.compactMap(\.string) }

    /// The node under `key`, without checks.
    public subscript(key: String) -> ConfigNode? {
        // By the key's text: a quoted key ("001515847") is a string node that Yams' own lookup,
        // which builds a plain node, would not match; and that lookup resolves every key's tag
        // through regular expressions (a fifth of a refresh that finds nothing to do).
        mapping.first { $0.key.string == key }.map { ConfigNode(node: $0.value, source: source) }
    }

    /// The node of the key itself (for positions of key errors).
    public func keyNode(_ key: String) -> ConfigNode? {
        mapping.keys.first { $0.string == key }.map { ConfigNode(node: $0, source: source) }
    }

    /// Reports keys not in `allowed`, suggesting the closest allowed one.
    public func checkKeys(allowed: [String], context: String, into diagnostics: DiagnosticCollector) {
        for keyNode in mapping.keys {
            guard let key = keyNode.string, !allowed.contains(key) else { continue }
            let node = ConfigNode(node: keyNode, source: source)
            var message = "unknown key '\(key)' in \(context)"
            if let suggestion = Suggest.closest(to: key, among: allowed) { message += "; did you mean '\(suggestion)'?" }
            diagnostics.add(node.error(message))
        }
    }

    /// A text value; reports a missing required key or a non-scalar value.
    public func string(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> String? {
        guard let node = self[key] else {
            if required { diagnostics.add(owner.error("missing required key '\(key)'")) }
            return nil
        }
        guard let text = node.string("'\(key)'", into: diagnostics) else { return nil }
        if required && text.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.add(node.error("'\(key)' must not be empty"))
            return nil
        }
        return text
    }

    /// An integer value.
    public func int(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> Int? {
        guard let text = string(key, required: required, into: diagnostics) else { return nil }
        if let value = Int(text.replacingOccurrences(of: "_", with: "")) { return value }
        diagnostics.add(self[key]!.error("'\(key)' must be a whole number, not '\(text)'"))
        return nil
    }

    /// A decimal value.
    public func double(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> Double? {
        guard let text = string(key, required: required, into: diagnostics) else { return nil }
        if let value = Double(text.replacingOccurrences(of: "_", with: "")) { return value }
        diagnostics.add(self[key]!.error("'\(key)' must be a number, not '\(text)'"))
        return nil
    }

    /// A boolean value (`true`/`false`, `yes`/`no`).
    public func bool(_ key: String, into diagnostics: DiagnosticCollector) -> Bool? {
        guard let text = string(key, into: diagnostics) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.add(self[key]!.error("'\(key)' must be true or false, not '\(text)'"))
            return nil
        }
    }

    /// A value among `choices`.
    public func choice(_ key: String, _ choices: [String], required: Bool = false,
                       into diagnostics: DiagnosticCollector) -> String? {
        guard let text = string(key, required: required, into: diagnostics) else { return nil }
        if choices.contains(text) { return text }
        var message = "'\(key)' must be one of \(choices.joined(separator: ", ")), not '\(text)'"
        if let suggestion = Suggest.closest(to: text, among: choices) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.add(self[key]!.error(message))
        return nil
    }

    /// A list of texts; a single value counts as a list of one.
    public func strings(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> [String]? {
        guard let node = self[key] else {
            if required { diagnostics.add(owner.error("missing required key '\(key)'")) }
            return nil
        }
        if let text = node.scalarText { return [text] }
        guard let items = node.sequence("'\(key)'", into: diagnostics) else { return nil }
        return items.compactMap { $0.string("each item of '\(key)'", into: diagnostics) }
    }

    /// A nested mapping.
    public func mapping(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> ConfigMapping? {
        guard let node = self[key] else {
            if required { diagnostics.add(owner.error("missing required key '\(key)'")) }
            return nil
        }
        return node.mapping("'\(key)'", into: diagnostics)
    }

    /// A list of nodes.
    public func sequence(_ key: String, required: Bool = false, into diagnostics: DiagnosticCollector) -> [ConfigNode]? {
        guard let node = self[key] else {
            if required { diagnostics.add(owner.error("missing required key '\(key)'")) }
            return nil
        }
        return node.sequence("'\(key)'", into: diagnostics)
    }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggest {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
