import ObservatoryConfig
import ObservatoryCore

/// Reads one dataset YAML file into a ``DatasetDefinition``, reporting every mistake.
enum DatasetParser {
    static let datasetKeys = ["id", "title", "publisher", "licence", "landing_page", "description", "optional",
                              "files", "ingest", "notes", "covers"]
    static let fileKeys = ["name", "vintage", "format", "url", "opendatasoft", "datagouv", "size", "sha256", "notes",
                           "ingest"]

    static func parse(_ source: ConfigSource, fileStem: String, into diagnostics: DiagnosticCollector) -> DatasetDefinition? {
        let before = diagnostics.diagnostics.count
        guard let root = source.parse(into: diagnostics),
              let mapping = root.mapping("a dataset file", into: diagnostics) else { return nil }
        mapping.checkKeys(allowed: datasetKeys, context: "a dataset", into: diagnostics)
        let id = mapping.string("id", required: true, into: diagnostics)
        if let id, let node = mapping["id"] {
            if !DatasetID.isValid(id) {
                diagnostics.add(node.error("dataset id '\(id)' must use lower-case letters, digits and dashes"))
            } else if id != fileStem {
                diagnostics.add(node.error("dataset id '\(id)' must match its file name '\(fileStem).yaml'"))
            }
        }
        let title = mapping.string("title", required: true, into: diagnostics)
        let publisher = mapping.string("publisher", required: true, into: diagnostics)
        let licence = mapping.string("licence", required: true, into: diagnostics)
        let landing = mapping.string("landing_page", required: true, into: diagnostics)
        if let landing, !landing.hasPrefix("http://") && !landing.hasPrefix("https://") {
            diagnostics.add(mapping["landing_page"]!.error("'landing_page' must be an http(s) URL"))
        }
        let description = mapping.string("description", into: diagnostics)
        let optional = mapping.bool("optional", into: diagnostics) ?? false
        var covers: [TerritoryID] = []
        for item in mapping.sequence("covers", into: diagnostics) ?? [] {
            guard let text = item.string("a territory id", into: diagnostics) else { continue }
            if let territory = TerritoryID(parsing: text) {
                covers.append(territory)
            } else {
                diagnostics.add(item.error("'covers' lists territories as geography:code (reg:24, dep:18), not '\(text)'"))
            }
        }
        var files: [CatalogFile] = []
        let datasetIngest = mapping.mapping("ingest", into: diagnostics)
        if let items = mapping.sequence("files", required: true, into: diagnostics) {
            if items.isEmpty { diagnostics.add(mapping["files"]!.error("'files' must list at least one file")) }
            for item in items {
                if let file = parseFile(item, datasetIngest: datasetIngest, into: diagnostics) { files.append(file) }
            }
            var seen: Set<String> = []
            for (file, item) in zip(files, items) where !seen.insert(file.name).inserted {
                diagnostics.add(item.error("file name '\(file.name)' appears twice"))
            }
        }
        guard diagnostics.diagnostics.count == before, let id, let title, let publisher, let licence, let landing else {
            return nil
        }
        var dataset = DatasetDefinition(id: DatasetID(id), title: title, publisher: publisher, licence: licence,
                                        landingPage: landing, description: description, optional: optional,
                                        files: files, path: source.path)
        dataset.covers = covers
        return dataset
    }

    private static func parseFile(_ node: ConfigNode, datasetIngest: ConfigMapping?,
                                  into diagnostics: DiagnosticCollector) -> CatalogFile? {
        guard let mapping = node.mapping("a file entry", into: diagnostics) else { return nil }
        mapping.checkKeys(allowed: fileKeys, context: "a file entry", into: diagnostics)
        let name = mapping.string("name", required: true, into: diagnostics)
        if let name, name.contains("/") || name.hasPrefix(".") || name.contains("..") {
            diagnostics.add(mapping["name"]!.error("file name '\(name)' must be a plain name, without '/' nor a leading dot"))
        }
        let vintage = mapping.string("vintage", required: true, into: diagnostics)
        let format = mapping.choice("format", FileFormat.allCases.map(\.rawValue), required: true, into: diagnostics)
            .flatMap(FileFormat.init(rawValue:))
        let size = mapping.int("size", into: diagnostics)
        let sha = mapping.string("sha256", into: diagnostics)
        if let sha, sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
            diagnostics.add(mapping["sha256"]!.error("'sha256' must be 64 hexadecimal digits"))
        }
        let source = parseSource(mapping, into: diagnostics)
        let ingest = IngestSpecParser.parse(dataset: datasetIngest, file: mapping.mapping("ingest", into: diagnostics),
                                            into: diagnostics)
        guard let name, let vintage, let format, let source else { return nil }
        return CatalogFile(name: name, vintage: vintage, format: format, source: source,
                           expectedSize: size.map(Int64.init), expectedSHA256: sha?.lowercased(), line: node.line,
                           ingest: ingest)
    }

    private static func parseSource(_ mapping: ConfigMapping, into diagnostics: DiagnosticCollector) -> FileSource? {
        let present = ["url", "opendatasoft", "datagouv"].filter { mapping[$0] != nil }
        guard present.count == 1 else {
            let message = present.isEmpty
                ? "a file needs one source: 'url', 'opendatasoft' or 'datagouv'"
                : "a file has one source, not several (\(present.joined(separator: ", ")))"
            diagnostics.add(mapping.owner.error(message))
            return nil
        }
        switch present[0] {
        case "url":
            guard let url = mapping.string("url", required: true, into: diagnostics) else { return nil }
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                diagnostics.add(mapping["url"]!.error("'url' must start with https:// or http://"))
                return nil
            }
            return .url(url)
        case "opendatasoft":
            guard let ods = mapping.mapping("opendatasoft", into: diagnostics) else { return nil }
            ods.checkKeys(allowed: ["portal", "dataset", "format", "parameters"], context: "'opendatasoft'", into: diagnostics)
            let portal = ods.string("portal", required: true, into: diagnostics)
            let dataset = ods.string("dataset", required: true, into: diagnostics)
            let format = ods.choice("format", ["csv", "json", "xlsx", "parquet"], into: diagnostics) ?? "csv"
            var parameters: [String: String] = [:]
            if let params = ods.mapping("parameters", into: diagnostics) {
                for key in params.keys {
                    if let value = params.string(key, into: diagnostics) { parameters[key] = value }
                }
            }
            guard let portal, let dataset else { return nil }
            // The portal is fetched over HTTP: a file:// (or any other scheme) would read local files.
            guard portal.hasPrefix("https://") || portal.hasPrefix("http://") else {
                diagnostics.add(ods["portal"]!.error("'portal' must start with https:// or http://, not '\(TextCap.cut(portal, 80))'"))
                return nil
            }
            return .opendatasoft(portal: portal, dataset: dataset, format: format, parameters: parameters)
        default:
            guard let gouv = mapping.mapping("datagouv", into: diagnostics) else { return nil }
            gouv.checkKeys(allowed: ["dataset", "resource"], context: "'datagouv'", into: diagnostics)
            let dataset = gouv.string("dataset", required: true, into: diagnostics)
            let resource = gouv.string("resource", required: true, into: diagnostics)
            guard let dataset, let resource else { return nil }
            return .dataGouv(dataset: dataset, resourceTitle: resource)
        }
    }
}
