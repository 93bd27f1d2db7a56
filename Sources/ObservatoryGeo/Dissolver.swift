import CGEOS

/// Unites parts (communes) into groups (zones d'emploi, bassins, départements) with GEOS.
public enum Dissolver {
    /// For each group, the union of its members' parts on a `gridSize`-metre grid, normalised.
    /// `missing` lists, per group, the members without a part (sorted); a group with no part at
    /// all has no shape.
    ///
    /// With a grid, every part's coordinates are first rounded to it (``PlaneShape/snapped(toGrid:)``),
    /// then each group is united by `GEOSUnaryUnionPrec_r` on the same grid. Rounding first keeps
    /// the groups conforming: snap-rounding each group's union on its own moved a shared boundary
    /// differently on its two sides (1 m apart, at one place among the 19 zones d'emploi) and left
    /// 11 sliver holes. `gridSize` 0 unites exactly (`GEOSUnaryUnion_r`).
    /// One GEOS context for the whole call; every GEOS geometry is freed before returning.
    public static func dissolve(parts: [String: PlaneShape], groups: [String: [String]],
                                gridSize: Double = 1.0) throws -> (shapes: [String: PlaneShape], missing: [String: [String]]) {
        let context = GEOSContext()
        var shapes: [String: PlaneShape] = [:]
        var missing: [String: [String]] = [:]
        for (group, members) in groups.sorted(by: { $0.key < $1.key }) {
            let unique = Set(members).sorted()
            let absent = unique.filter { parts[$0] == nil }
            if !absent.isEmpty { missing[group] = absent }
            let present = unique.compactMap { parts[$0]?.snapped(toGrid: gridSize) }
            guard !present.isEmpty else { continue }
            let union: OpaquePointer
            do {
                union = try coverageUnion(present, context: context) ?? context.union(present, gridSize: gridSize)
            } catch let GeoError.geos(operation, message) {
                throw GeoError.geos(operation: "\(operation) of group \(group) (\(present.count) parts)", message: message)
            }
            defer { context.destroy(union) }
            shapes[group] = try context.shape(union).normalized()
        }
        return (shapes, missing)
    }

    /// The fast path: when the parts form a coverage (as the communes do once on the grid),
    /// `GEOSCoverageUnion_r` only drops the shared edges, several times faster than an overlay.
    /// Its result is kept only if GEOS finds it valid and its area is the parts' total (nothing
    /// overlapped); otherwise nil, and the caller runs the overlay union.
    static func coverageUnion(_ parts: [PlaneShape], context: GEOSContext) throws -> OpaquePointer? {
        guard parts.count > 1, let union = try context.coverageUnion(parts) else { return nil }
        let total = parts.reduce(0) { $0 + $1.area }
        if GEOSisValid_r(context.handle, union) == 1, let area = try? context.area(union),
           abs(area - total) <= 1e-9 * max(total, 1) {
            return union
        }
        context.destroy(union)
        return nil
    }

    /// The 2018 communes keyed by the code in force: a former commune's polygons are united
    /// (exactly, no grid) into its successor's, so none is dropped. `merged` maps each successor
    /// to the former codes it took over (sorted). Communes without successor keep their
    /// polygons unchanged (normalised). `codeProperty` names the feature property holding the code.
    public static func communeLayer(features: [GeoFeature], successions: (String) -> String,
                                    codeProperty: String = "code") throws
        -> (shapes: [String: PlaneShape], merged: [String: [String]]) {
        var members: [String: [PlaneShape]] = [:]
        var merged: [String: [String]] = [:]
        for (index, feature) in features.enumerated() {
            guard let code = feature.properties[codeProperty], !code.isEmpty else {
                throw GeoError.invalidGeoJSON(source: "commune layer", message: "feature \(index) has no '\(codeProperty)' property")
            }
            let current = successions(code)
            if current != code { merged[current, default: []].append(code) }
            members[current, default: []].append(feature.shape)
        }
        var shapes: [String: PlaneShape] = [:]
        var toUnite: [String: PlaneShape] = [:]
        var groups: [String: [String]] = [:]
        for (code, parts) in members {
            if parts.count == 1 {
                shapes[code] = parts[0].normalized()
            } else {
                for (offset, part) in parts.enumerated() { toUnite["\(code)#\(offset)"] = part }
                groups[code] = parts.indices.map { "\(code)#\($0)" }
            }
        }
        let united = try dissolve(parts: toUnite, groups: groups, gridSize: 0)
        shapes.merge(united.shapes) { first, _ in first }
        return (shapes, merged.mapValues { $0.sorted() })
    }
}
