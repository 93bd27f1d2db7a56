import Foundation
import ObservatoryConfig
import ObservatoryCore

/// Reads an `ingest:` section — the dataset's, overridden key by key by a file's — reporting every mistake.
enum IngestSpecParser {
    static let keys = ["kind", "member", "sheet", "header_row", "header_contains", "columns", "encoding", "delimiter",
                       "territory", "period", "dimensions", "labels", "parents", "measures", "wide", "masked", "missing", "masked_bound",
                       "duplicates", "exclude", "units", "apportion", "nomenclatures", "options"]

    /// Merges the dataset's and the file's sections (the file's keys win) and parses the result.
    static func parse(dataset: ConfigMapping?, file: ConfigMapping?, into diagnostics: DiagnosticCollector) -> IngestSpec? {
        guard dataset != nil || file != nil else { return nil }
        var nodes: [String: ConfigNode] = [:]
        var order: [String] = []
        for section in [dataset, file].compactMap({ $0 }) {
            section.checkKeys(allowed: keys, context: "'ingest'", into: diagnostics)
            for key in section.keys where keys.contains(key) {
                if nodes[key] == nil { order.append(key) }
                nodes[key] = section[key]
            }
        }
        let owner = (file ?? dataset)!.owner
        return parse(nodes, owner: owner, into: diagnostics)
    }

    private static func parse(_ nodes: [String: ConfigNode], owner: ConfigNode, into diagnostics: DiagnosticCollector) -> IngestSpec? {
        let before = diagnostics.diagnostics.count
        func text(_ key: String) -> String? { nodes[key].flatMap { $0.string("'\(key)'", into: diagnostics) } }
        guard let kindNode = nodes["kind"] else {
            diagnostics.add(owner.error("'ingest' needs a 'kind': " + IngestSpec.Kind.allCases.map(\.rawValue).joined(separator: ", ")))
            return nil
        }
        guard let kindText = kindNode.string("'kind'", into: diagnostics) else { return nil }
        guard let kind = IngestSpec.Kind(rawValue: kindText) else {
            var message = "unknown ingest kind '\(kindText)'"
            if let near = Suggest.closest(to: kindText, among: IngestSpec.Kind.allCases.map(\.rawValue)) { message += "; did you mean '\(near)'?" }
            diagnostics.add(kindNode.error(message))
            return nil
        }
        var spec = IngestSpec(kind: kind)
        spec.member = text("member")
        if let node = nodes["sheet"], let value = node.string("'sheet'", into: diagnostics) {
            spec.sheet = Int(value).map { .position($0) } ?? .name(value)
        }
        let headerKeys = ["header_row", "header_contains", "columns"].filter { nodes[$0] != nil }
        if headerKeys.count > 1 {
            diagnostics.add(nodes[headerKeys[1]]!.error("give one of 'header_row', 'header_contains' or 'columns', not several"))
        } else if let node = nodes["header_row"] {
            if let row = node.scalarText.flatMap(Int.init), row >= 1 { spec.header = .row(row) }
            else { diagnostics.add(node.error("'header_row' must be a row number from 1")) }
        } else if let node = nodes["header_contains"] {
            spec.header = .containing(strings(node, "header_contains", diagnostics))
        } else if let node = nodes["columns"] {
            spec.header = .absent(strings(node, "columns", diagnostics))
        }
        if let node = nodes["encoding"], let value = node.string("'encoding'", into: diagnostics) {
            let known = ["utf-8", "latin-1", "iso-8859-1", "windows-1252", "detect"]
            if known.contains(value.lowercased()) { spec.encoding = value.lowercased() == "detect" ? nil : value.lowercased() }
            else { diagnostics.add(node.error("'encoding' must be one of \(known.joined(separator: ", ")), not '\(value)'")) }
        }
        if let node = nodes["delimiter"], let value = node.string("'delimiter'", into: diagnostics) {
            let unescaped = value == "\\t" ? "\t" : value
            if unescaped.count == 1 { spec.delimiter = unescaped.first } else { diagnostics.add(node.error("'delimiter' must be one character")) }
        }
        if let node = nodes["territory"] { spec.territory = territory(node, diagnostics) }
        if let node = nodes["period"] { spec.period = period(node, diagnostics) }
        if let node = nodes["territory"], node.scalarText == nil, let match = node.mapping("'territory'", into: DiagnosticCollector())?["match"] {
            spec.matchTerritoryByName = match.scalarText == "name"
        }
        if let node = nodes["dimensions"], let mapping = node.mapping("'dimensions'", into: diagnostics) {
            for name in mapping.keys {
                if let column = column(mapping[name]!, diagnostics) { spec.dimensions.append(.init(name: name, column: column)) }
            }
        }
        if let node = nodes["labels"], let mapping = node.mapping("'labels'", into: diagnostics) {
            for name in mapping.keys {
                guard let column = mapping.string(name, required: true, into: diagnostics) else { continue }
                if !spec.dimensions.contains(where: { $0.name == name }) {
                    diagnostics.add(mapping.keyNode(name)!.error("'labels' names '\(name)', which is not a dimension"))
                }
                spec.labels[name] = column
            }
        }
        if let node = nodes["parents"], let mapping = node.mapping("'parents'", into: diagnostics) {
            for name in mapping.keys {
                guard let geography = Geography(rawValue: name) else {
                    diagnostics.add(mapping.keyNode(name)!.error("'parents' keys are geographies (dep, reg, ze2020…), not '\(name)'"))
                    continue
                }
                if let column = column(mapping[name]!, diagnostics) { spec.parents[geography] = column }
            }
        }
        if let node = nodes["measures"], let mapping = node.mapping("'measures'", into: diagnostics) {
            for name in mapping.keys {
                if let value = mapping.string(name, required: true, into: diagnostics) { spec.measures.append(.init(name: name, column: value)) }
            }
        }
        if let node = nodes["wide"], let items = node.sequence("'wide'", into: diagnostics) {
            for item in items {
                guard let mapping = item.mapping("each item of 'wide'", into: diagnostics) else { continue }
                mapping.checkKeys(allowed: ["pattern", "measure"], context: "a 'wide' item", into: diagnostics)
                guard let pattern = mapping.string("pattern", required: true, into: diagnostics),
                      let measure = mapping.string("measure", required: true, into: diagnostics) else { continue }
                if (try? NSRegularExpression(pattern: pattern)) == nil {
                    diagnostics.add(mapping["pattern"]!.error("'pattern' is not a valid regular expression"))
                    continue
                }
                spec.wide.append(.init(pattern: pattern, measure: measure))
            }
        }
        if let node = nodes["masked"] { spec.values.masked = strings(node, "masked", diagnostics) }
        if let node = nodes["missing"] { spec.values.missing = strings(node, "missing", diagnostics) }
        if let node = nodes["masked_bound"] {
            if let bound = node.scalarText.flatMap(Double.init), bound >= 0 { spec.values.maskedBound = bound }
            else { diagnostics.add(node.error("'masked_bound' must be a number ≥ 0")) }
        }
        if let node = nodes["duplicates"], let value = node.string("'duplicates'", into: diagnostics) {
            if let policy = IngestSpec.Duplicates(rawValue: value) { spec.duplicates = policy }
            else { diagnostics.add(node.error("'duplicates' must be 'error' or 'sum', not '\(value)'")) }
        }
        if let node = nodes["exclude"], let mapping = node.mapping("'exclude'", into: diagnostics) {
            for key in mapping.keys { spec.exclude[key] = strings(mapping[key]!, key, diagnostics) }
        }
        if let node = nodes["units"], let mapping = node.mapping("'units'", into: diagnostics) {
            let known = ["count", "ratio", "percent", "points", "per1000", "index", "euros"]
            for key in mapping.keys {
                if let unit = mapping.choice(key, known, into: diagnostics) { spec.units[key] = unit }
            }
        }
        if let node = nodes["apportion"], let mapping = node.mapping("'apportion'", into: diagnostics) {
            for key in mapping.keys {
                if let name = mapping.choice(key, ApportionKey.allCases.map(\.rawValue), into: diagnostics) {
                    spec.apportion[key] = ApportionKey(rawValue: name)
                }
            }
        }
        if let node = nodes["nomenclatures"], let mapping = node.mapping("'nomenclatures'", into: diagnostics) {
            for key in mapping.keys { spec.nomenclatures[key] = mapping.string(key, into: diagnostics) }
        }
        if let node = nodes["options"], let mapping = node.mapping("'options'", into: diagnostics) {
            for key in mapping.keys { spec.options[key] = mapping.string(key, into: diagnostics) }
        }
        if kind == .boundaries {
            let allowed = [Geography.commune, .departement, .region].map(\.rawValue)
            if let value = spec.options["geography"] {
                if !allowed.contains(value) {
                    diagnostics.add((nodes["options"] ?? owner).error(
                        "a boundaries file's 'geography' must be one of \(allowed.joined(separator: ", ")), not '\(value)'"))
                }
            } else {
                diagnostics.add(owner.error("a boundaries ingest needs 'options: {geography: …}' (\(allowed.joined(separator: ", ")))"))
            }
        }
        if kind == .observations {
            if spec.territory == nil { diagnostics.add(owner.error("an observations ingest needs a 'territory'")) }
            if spec.measures.isEmpty && spec.wide.isEmpty { diagnostics.add(owner.error("an observations ingest needs 'measures' or 'wide'")) }
            if spec.period == nil && spec.wide.isEmpty { diagnostics.add(owner.error("an observations ingest needs a 'period' (or 'wide' columns)")) }
        }
        return diagnostics.diagnostics.count == before ? spec : nil
    }

    private static func strings(_ node: ConfigNode, _ key: String, _ diagnostics: DiagnosticCollector) -> [String] {
        if let text = node.scalarText { return [text] }
        return node.sequence("'\(key)'", into: diagnostics)?.compactMap { $0.string("each item of '\(key)'", into: diagnostics) } ?? []
    }

    private static func column(_ node: ConfigNode, _ diagnostics: DiagnosticCollector) -> IngestSpec.Column? {
        if let name = node.scalarText { return .init(name: name) }
        guard let mapping = node.mapping("a column", into: diagnostics) else { return nil }
        mapping.checkKeys(allowed: ["column", "pad", "code", "name"], context: "a column", into: diagnostics)
        guard let name = mapping.string("column", required: true, into: diagnostics) else { return nil }
        let code = mapping.choice("code", ["whole", "first-word"], into: diagnostics)
        return .init(name: name, pad: mapping.int("pad", into: diagnostics), firstWord: code == "first-word",
                     labelColumn: mapping.string("name", into: diagnostics))
    }

    private static func territory(_ node: ConfigNode, _ diagnostics: DiagnosticCollector) -> IngestSpec.Territory? {
        guard let mapping = node.mapping("'territory'", into: diagnostics) else { return nil }
        mapping.checkKeys(allowed: ["column", "geography", "pad", "name", "fixed", "switch", "cases", "match"], context: "'territory'", into: diagnostics)
        _ = mapping.choice("match", ["code", "name"], into: diagnostics)
        if let fixed = mapping.string("fixed", into: diagnostics) {
            guard let id = TerritoryID(parsing: fixed) else {
                diagnostics.add(mapping["fixed"]!.error("'fixed' must be geography:code (e.g. fr:FR), not '\(fixed)'"))
                return nil
            }
            return .fixed(id)
        }
        if let switchColumn = mapping.string("switch", into: diagnostics) {
            guard let cases = mapping.mapping("cases", required: true, into: diagnostics) else { return nil }
            var result: [String: IngestSpec.Territory] = [:]
            for key in cases.keys { if let sub = territory(cases[key]!, diagnostics) { result[key] = sub } }
            return .switched(column: switchColumn, cases: result)
        }
        let name = mapping.string("column", required: true, into: diagnostics)
        let geographies = Geography.allCases.map(\.rawValue)
        let geography = mapping.choice("geography", geographies, required: true, into: diagnostics).flatMap(Geography.init(rawValue:))
        guard let name, let geography else { return nil }
        return .column(.init(name: name, pad: mapping.int("pad", into: diagnostics)), geography,
                       nameColumn: mapping.string("name", into: diagnostics))
    }

    private static func period(_ node: ConfigNode, _ diagnostics: DiagnosticCollector) -> IngestSpec.PeriodSource? {
        if let text = node.scalarText { return .fixed(text) }
        guard let mapping = node.mapping("'period'", into: diagnostics) else { return nil }
        mapping.checkKeys(allowed: ["column", "year", "quarter"], context: "'period'", into: diagnostics)
        if let column = mapping.string("column", into: diagnostics) { return .column(column) }
        guard let year = mapping.string("year", required: true, into: diagnostics),
              let quarter = mapping.string("quarter", required: true, into: diagnostics) else { return nil }
        return .yearQuarter(year: year, quarter: quarter)
    }
}
