import Foundation
import ObservatoryConfig
import ObservatoryCore

/// A basin defined by a committee (`Indicators/territories/<id>.yaml`): a list of communes, or of
/// whole zones d'emploi / bassins BMO / départements, whose communes it takes.
public struct CustomTerritory: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String?
    /// Commune codes (INSEE COG), as written.
    public var communes: [String]
    /// Whole territories whose communes belong to the basin (`ze2020:2415`, `bassin-bmo:2402`).
    public var wholeTerritories: [TerritoryID]
    /// Basins to compare it with on its dashboard.
    public var peers: [TerritoryID]
    public var path: String
    /// 1-based line of each commune code, for messages about unknown codes.
    public var communeLines: [String: Int]

    public var territoryID: TerritoryID { TerritoryID(.custom, id) }

    /// Reads every `*.yaml` of `directory` (a missing folder means no custom territory);
    /// throws ``DiagnosticsError`` listing every problem.
    public static func loadAll(directory: URL, displayRoot: URL?) throws -> [CustomTerritory] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        let diagnostics = DiagnosticCollector()
        var result: [CustomTerritory] = []
        for name in names.filter({ $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }).sorted() {
            let url = directory.appendingPathComponent(name)
            let display = ConfigPaths.display(url, relativeTo: displayRoot)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                diagnostics.add(Diagnostic(file: display, message: "cannot read the file as UTF-8 text"))
                continue
            }
            if let territory = parse(ConfigSource(path: display, text: text), stem: (name as NSString).deletingPathExtension,
                                     into: diagnostics) {
                result.append(territory)
            }
        }
        if diagnostics.hasErrors { throw DiagnosticsError(diagnostics.diagnostics) }
        return result
    }

    static func parse(_ source: ConfigSource, stem: String, into diagnostics: DiagnosticCollector) -> CustomTerritory? {
        let before = diagnostics.diagnostics.count
        guard let root = source.parse(into: diagnostics), let mapping = root.mapping("a territory file", into: diagnostics) else {
            return nil
        }
        mapping.checkKeys(allowed: ["id", "name", "description", "communes", "territories", "peers"],
                          context: "a territory", into: diagnostics)
        let id = mapping.string("id", required: true, into: diagnostics)
        if let id, id != stem { diagnostics.add(mapping["id"]!.error("territory id '\(id)' must match its file name '\(stem).yaml'")) }
        if let id, !DatasetID.isValid(id) {
            diagnostics.add(mapping["id"]!.error("territory id '\(id)' must use lower-case letters, digits and dashes"))
        }
        let name = mapping.string("name", required: true, into: diagnostics)
        var communes: [String] = []
        var lines: [String: Int] = [:]
        if let items = mapping.sequence("communes", into: diagnostics) {
            for item in items {
                guard let code = item.string("each commune", into: diagnostics) else { continue }
                let valid = code.count == 5 && code.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "A" || $0 == "B") }
                if !valid {
                    diagnostics.add(item.error("'\(code)' is not a commune code (5 characters, e.g. 18279 or 2A004)"))
                } else if lines[code] != nil {
                    diagnostics.add(item.error("commune \(code) is listed twice", severity: .warning))
                } else {
                    communes.append(code)
                    lines[code] = item.line
                }
            }
        }
        var whole: [TerritoryID] = []
        if let items = mapping.sequence("territories", into: diagnostics) {
            for item in items {
                guard let text = item.string("each territory", into: diagnostics) else { continue }
                guard let id = TerritoryID(parsing: text), [.zoneEmploi, .bassinBMO, .departement, .epci].contains(id.geography) else {
                    diagnostics.add(item.error("'\(text)' must be a zone d'emploi, bassin BMO or département: ze2020:2415, bassin-bmo:2402, dep:18"))
                    continue
                }
                whole.append(id)
            }
        }
        if communes.isEmpty && whole.isEmpty {
            diagnostics.add(mapping.owner.error("a territory needs 'communes' or 'territories'"))
        }
        var peers: [TerritoryID] = []
        if let items = mapping.sequence("peers", into: diagnostics) {
            for item in items {
                guard let text = item.string("each peer", into: diagnostics) else { continue }
                if let id = TerritoryID(parsing: text) { peers.append(id) }
                else { diagnostics.add(item.error("'\(text)' is not a territory (geography:code, e.g. custom:gien or ze2020:2404)")) }
            }
        }
        guard !diagnostics.diagnostics.dropFirst(before).contains(where: { $0.severity == .error }),
              let id, let name else { return nil }
        return CustomTerritory(id: id, name: name, description: mapping.string("description", into: diagnostics),
                               communes: communes, wholeTerritories: whole, peers: peers, path: source.path,
                               communeLines: lines)
    }
}
