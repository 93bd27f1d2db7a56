import Foundation
import ObservatoryGeo
import Testing

/// The IGN Admin Express COG 2018 boundaries (simplified by mapshaper) of ../shared/data.
@Suite(.enabled(if: RealData.isAvailable, RealData.absent))
struct RealBoundaryTests {
    @Test func readsTheFourFiles() throws {
        let expected = [RealData.communesFile: 1_776, RealData.departementsFile: 6,
                        RealData.franceDepartementsFile: 96, RealData.regionsFile: 13]
        for (file, count) in expected.sorted(by: { $0.key < $1.key }) {
            let features = try RealData.features(file)
            #expect(features.count == count, "\(file)")
            #expect(features.allSatisfy { $0.properties["code"] != nil && $0.properties["nom"] != nil }, "\(file)")
            let invalid = features.filter { !Geo.isValid($0.shape) }.map { $0.properties["code"] ?? "?" }
            #expect(invalid.isEmpty, "\(file): invalid shapes \(invalid)")
        }
        // Lambert-93 puts the région where it is: Tours (37261) around x 525 km, y 6 702 km.
        let tours = try #require(try RealData.layer.get().shapes["37261"]?.labelPoint)
        #expect(abs(tours.x - 525_000) < 8_000 && abs(tours.y - 6_702_000) < 8_000, "\(tours)")
    }

    @Test func successionsUniteTheNineteenFormerCommunes() throws {
        let layer = try RealData.layer.get()
        #expect(layer.features.count == 1_776)
        #expect(layer.shapes.count == 1_757)
        let formers = layer.merged.values.flatMap { $0 }
        #expect(formers.count == 19, "\(layer.merged)")
        let codes = Set(layer.features.compactMap { $0.properties["code"] })
        #expect(codes.count == 1_776)
        for (successor, former) in layer.merged.sorted(by: { $0.key < $1.key }) {
            #expect(codes.contains(successor), "successor \(successor) is a 2018 commune")
            let shape = try #require(layer.shapes[successor])
            let parts = layer.features.filter { ([successor] + former).contains($0.properties["code"] ?? "") }
            #expect(parts.count == former.count + 1)
            let sum = parts.reduce(0) { $0 + $1.shape.area }
            #expect(relativeDifference(shape.area, sum) < 1e-9, "\(successor) ← \(former): \(shape.area) vs parts \(sum)")
            #expect(Geo.isValid(shape), "\(successor): \(Geo.validityProblem(shape) ?? "")")
            #expect(shape.polygons.count == 1, "\(successor) ← \(former) is one piece (the former communes are neighbours)")
        }
        let total = layer.features.reduce(0) { $0 + $1.shape.area }
        #expect(relativeDifference(layer.shapes.values.reduce(0) { $0 + $1.area }, total) < 1e-9, "no area lost")
        print("communes: \(layer.features.count) features → \(layer.shapes.count) communes in force; "
              + "région area \(Int(layer.regionArea / 1e6)) km²")
    }

    @Test func departementsMatchTheIGNDepartements() throws {
        let layer = try RealData.layer.get()
        let groups = Dictionary(grouping: layer.shapes.keys) { String($0.prefix(2)) }
        let clock = ContinuousClock()
        var result: (shapes: [String: PlaneShape], missing: [String: [String]])?
        let time = try clock.measure { result = try Dissolver.dissolve(parts: layer.shapes, groups: groups) }
        let shapes = try #require(result?.shapes)
        #expect(result?.missing.isEmpty == true)
        #expect(shapes.keys.sorted() == ["18", "28", "36", "37", "41", "45"])
        let ign = Dictionary(uniqueKeysWithValues: try RealData.features(RealData.departementsFile).map { ($0.properties["code"]!, $0.shape) })
        for (code, shape) in shapes.sorted(by: { $0.key < $1.key }) {
            #expect(Geo.isValid(shape), "\(code): \(Geo.validityProblem(shape) ?? "")")
            let reference = try #require(ign[code])
            let difference = relativeDifference(shape.area, reference.area)
            print("département \(code): \(Int(shape.area / 1e6)) km² dissolved, IGN \(Int(reference.area / 1e6)) km², "
                  + String(format: "%.3f %%", difference * 100) + ", \(shape.vertexCount) vertices")
            #expect(difference < 0.005, "\(code)")
        }
        let sum = shapes.values.reduce(0) { $0 + $1.area }
        #expect(relativeDifference(sum, layer.regionArea) < 0.001)
        print("dissolve into 6 départements: \(time)")
    }

    @Test func bassinsAndZonesTileTheRegion() throws {
        let layer = try RealData.layer.get()
        let bassins = try RealData.bassins(layer.successions)
        // The lexique puts Sainte-Lunaise (18222, merged into Corquoy 18073 in 2019) in another
        // bassin than Corquoy; the commune in force follows its successor's row.
        #expect(bassins.conflicts == ["18222"], "former communes in another bassin than their successor")
        let zones = try RealData.zonesEmploi(layer.successions)
        for (name, groups, count) in [("bassins BMO", bassins.groups, 22), ("zones d'emploi", zones, 19)] {
            #expect(groups.count == count, "\(name)")
            #expect(Set(groups.values.joined()) == Set(layer.shapes.keys), "\(name) cover exactly the communes in force")
            let clock = ContinuousClock()
            var result: (shapes: [String: PlaneShape], missing: [String: [String]])?
            let time = try clock.measure { result = try Dissolver.dissolve(parts: layer.shapes, groups: groups) }
            let shapes = try #require(result?.shapes)
            #expect(result?.missing == [:], "\(name)")
            #expect(shapes.count == count, "\(name)")
            let invalid = shapes.filter { !Geo.isValid($0.value) }.keys.sorted()
            #expect(invalid.isEmpty, "\(name): invalid \(invalid)")
            // The coverage-union fast path gives what the overlay union gives, for three groups.
            for group in groups.keys.sorted().prefix(3) {
                let overlay = try Geo.union(groups[group]!.map { layer.shapes[$0]!.snapped(toGrid: 1) }, gridSize: 1)
                #expect(relativeDifference(shapes[group]!.area, overlay.area) < 1e-9, "\(name) \(group)")
                #expect(Geo.intersectionArea(shapes[group]!, overlay) > overlay.area * (1 - 1e-9), "\(name) \(group)")
            }
            let slivers = shapes.values.flatMap(\.polygons).flatMap { $0.rings.dropFirst() }
                .filter { abs(PlanePolygon.signedArea($0)) < 10_000 }
            #expect(slivers.isEmpty, "\(name): \(slivers.count) holes under 1 ha left by the union")
            let sum = shapes.values.reduce(0) { $0 + $1.area }
            let union = Geo.unionArea(Array(shapes.values))
            #expect(relativeDifference(sum, union) < 0.001, "\(name): overlaps (sum \(sum) vs union \(union))")
            #expect(relativeDifference(union, layer.regionArea) < 0.001, "\(name): gaps (union \(union) vs région \(layer.regionArea))")
            print("\(name): \(layer.shapes.count) communes into \(shapes.count) shapes in \(time) (this build); "
                  + String(format: "sum/union − 1 = %.2e, union/région − 1 = %.2e", sum / union - 1, union / layer.regionArea - 1))
        }
    }
}
