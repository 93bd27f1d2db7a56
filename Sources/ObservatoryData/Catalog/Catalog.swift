import Foundation
import ObservatoryConfig
import ObservatoryCore

/// Every dataset of `Indicators/datasets/`, read and checked together.
public struct Catalog: Sendable {
    public var datasets: [DatasetDefinition]

    public init(datasets: [DatasetDefinition]) {
        self.datasets = datasets.sorted { $0.id < $1.id }
    }

    public func dataset(_ id: DatasetID) -> DatasetDefinition? {
        datasets.first { $0.id == id }
    }

    /// Reads every `*.yaml` of `directory`; throws ``DiagnosticsError`` listing every problem found.
    /// - Parameter displayRoot: the folder paths in messages are relative to (the project root).
    public static func load(directory: URL, displayRoot: URL? = nil) throws -> Catalog {
        let diagnostics = DiagnosticCollector()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw DiagnosticsError([Diagnostic(file: directory.path, message: "cannot list the dataset catalogue: \(error.localizedDescription)")])
        }
        var datasets: [DatasetDefinition] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let display = ConfigPaths.display(url, relativeTo: displayRoot)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics.add(Diagnostic(file: display, message: "cannot read the file as UTF-8 text"))
                continue
            }
            let source = ConfigSource(path: display, text: text)
            if let dataset = DatasetParser.parse(source, fileStem: (name as NSString).deletingPathExtension, into: diagnostics) {
                datasets.append(dataset)
            }
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics.diagnostics) }
        return Catalog(datasets: datasets)
    }
}

/// Paths as shown in messages.
public enum ConfigPaths {
    public static func display(_ url: URL, relativeTo root: URL?) -> String {
        guard let root else { return url.path }
        let rootPath = root.standardizedFileURL.path.hasSuffix("/") ? root.standardizedFileURL.path : root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : path
    }
}

extension Catalog {
    /// The nomenclature each file declares for a dimension's codes (`ingest: {nomenclatures:
    /// {metier: FAP-2021}}`), keyed `dataset/vintage/dimension` (`bmo/2024/metier`).
    public var declaredNomenclatures: [String: String] {
        var declared: [String: String] = [:]
        for dataset in datasets {
            for file in dataset.files {
                for (dimension, name) in file.ingest?.nomenclatures ?? [:] {
                    declared["\(dataset.id.rawValue)/\(file.vintage)/\(dimension)"] = name
                }
            }
        }
        return declared
    }
}
