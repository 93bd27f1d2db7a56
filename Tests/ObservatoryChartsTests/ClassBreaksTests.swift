import ObservatoryCharts
import Testing

@Suite struct ClassBreaksTests {
    @Test func quantilesOfOneToTen() {
        // Break i of 5 is the round(i·10/5)-th smallest value: the 2nd, 4th, 6th and 8th.
        #expect(ClassBreaks.quantile([7, 3, 10, 1, 9, 2, 8, 4, 6, 5], classes: 5) == [1, 2, 4, 6, 8, 10])
    }

    @Test func quantilesOfTwentyTwoValues() {
        // 22 values, 5 classes: round(4.4, 8.8, 13.2, 17.6) = 4, 9, 13, 18 → the 4th, 9th, 13th, 18th values.
        let values = (1...22).map { Double($0) * 1.5 }
        #expect(ClassBreaks.quantile(values.reversed(), classes: 5) == [1.5, 6, 13.5, 19.5, 27, 33])
    }

    @Test func fewerDistinctValuesGiveFewerClasses() {
        // Three distinct values: three classes, equal values never split.
        #expect(ClassBreaks.quantile([1, 1, 1, 2, 2, 3], classes: 5) == [1, 1, 2, 3])
        #expect(ClassBreaks.jenks([1, 1, 1, 2, 2, 3], classes: 5) == [1, 1, 2, 3])
        #expect(ClassBreaks.quantile([4, 4, 4], classes: 5) == [4, 4])
        #expect(ClassBreaks.jenks([4, 4, 4], classes: 5) == [4, 4])
        #expect(ClassBreaks.quantile([], classes: 5).isEmpty)
        #expect(ClassBreaks.jenks([.nan], classes: 5).isEmpty)
    }

    @Test func quantilesMoveOffTiesToKeepDistinctValuesApart() {
        // Sorted 1 2 2, two classes: the break would fall on 2 = the maximum; it moves down to 1.
        #expect(ClassBreaks.quantile([2, 1, 2], classes: 5) == [1, 1, 2])
    }

    @Test(arguments: [[1, 1, 1, 1, 2, 9, 9, 9], [5, 5, 5, 5, 5, 6], [0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3], [7, 3, 3, 3, 3, 3, 3]] + samples)
    func everyClassHoldsAValue(values: [Double]) {
        for breaks in (2...6).flatMap({ [ClassBreaks.quantile(values, classes: $0), ClassBreaks.jenks(values, classes: $0)] }) {
            let used = Set(values.compactMap { ClassBreaks.classIndex(of: $0, breaks: breaks) })
            #expect(used.count == breaks.count - 1, "empty class with breaks \(breaks)")
        }
    }

    @Test func quantilesDropEmptyClassesFromTies() {
        // Sorted: 1 2 2 2 2 2 2 9; 4 classes → 2nd, 4th, 6th values = 2, 2, 2: one break at 2 only.
        #expect(ClassBreaks.quantile([2, 2, 9, 2, 1, 2, 2, 2], classes: 4) == [1, 2, 9])
    }

    @Test func jenksFindsObviousClusters() {
        #expect(ClassBreaks.jenks([50, 1, 11, 2, 3, 10, 12, 51], classes: 3) == [1, 3, 12, 51])
        #expect(ClassBreaks.jenks([0, 0.1, 0.2, 5, 5.1, 9.8, 9.9, 10, 20], classes: 4) == [0, 0.2, 5.1, 10, 20])
    }

    /// Data sets small enough for every partition into contiguous classes to be tried.
    static let samples: [[Double]] = [
        [4.2, 6.8, 9.1, 12.5, 7.4, 5.9, 8.8, 10.3, 6.1, 7.7, 11.9, 5.2, 9.6],
        [1, 2, 4, 7, 11, 16, 22, 29, 37, 46, 56, 67],
        [-3.1, -2.4, -0.2, 0, 0.4, 0.9, 1.5, 2.2, 2.3, 4.8, 5.1, 7.9, 8.0, 8.2],
        [12, 12, 13, 20, 21, 21, 21, 30, 31, 45, 46, 47, 90],
    ]

    static func deviation(_ values: ArraySlice<Double>) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }

    /// The least total deviation over all ways of cutting `sorted` into `k` non-empty runs
    /// without splitting equal values, by brute force.
    static func bruteForce(_ sorted: [Double], _ k: Int) -> Double {
        let cuts = (1..<sorted.count).filter { sorted[$0 - 1] < sorted[$0] }
        var best = Double.infinity
        func choose(_ from: Int, _ chosen: [Int]) {
            if chosen.count == k - 1 {
                let bounds = [0] + chosen + [sorted.count]
                let total = zip(bounds, bounds.dropFirst()).reduce(0) { $0 + deviation(sorted[$1.0..<$1.1]) }
                best = min(best, total)
                return
            }
            guard from < cuts.count else { return }
            for index in from..<cuts.count { choose(index + 1, chosen + [cuts[index]]) }
        }
        choose(0, [])
        return best
    }

    /// The total deviation of the classes `breaks` defines.
    static func deviation(of values: [Double], breaks: [Double]) -> Double {
        let classes = Dictionary(grouping: values) { ClassBreaks.classIndex(of: $0, breaks: breaks)! }
        return classes.values.reduce(0) { $0 + deviation($1[...]) }
    }

    @Test(arguments: samples.indices, [2, 3, 4, 5, 6])
    func jenksIsOptimalAgainstBruteForce(sample: Int, classes: Int) throws {
        let values = Self.samples[sample]
        let breaks = ClassBreaks.jenks(values, classes: classes)
        #expect(breaks.count == classes + 1)
        #expect(breaks == breaks.sorted())
        let best = Self.bruteForce(values.sorted(), classes)
        let found = Self.deviation(of: values, breaks: breaks)
        #expect(abs(found - best) < 1e-9, "Jenks deviation \(found), brute force \(best)")
        // Every class holds at least one value.
        let used = Set(values.map { ClassBreaks.classIndex(of: $0, breaks: breaks)! })
        #expect(used.count == classes)
    }

    @Test func jenksBeatsQuantilesOnSkewedData() throws {
        let values = Self.samples[3]
        let jenks = Self.deviation(of: values, breaks: ClassBreaks.jenks(values, classes: 4))
        let quantile = Self.deviation(of: values, breaks: ClassBreaks.quantile(values, classes: 4))
        #expect(jenks < quantile)
    }

    @Test func classIndexUsesUpperInclusiveBounds() {
        let breaks: [Double] = [1, 3, 6, 10]
        #expect(ClassBreaks.classIndex(of: 1, breaks: breaks) == 0)
        #expect(ClassBreaks.classIndex(of: 3, breaks: breaks) == 0)
        #expect(ClassBreaks.classIndex(of: 3.01, breaks: breaks) == 1)
        #expect(ClassBreaks.classIndex(of: 10, breaks: breaks) == 2)
        #expect(ClassBreaks.classIndex(of: -5, breaks: breaks) == 0)
        #expect(ClassBreaks.classIndex(of: 99, breaks: breaks) == 2)
        #expect(ClassBreaks.classIndex(of: 2, breaks: [1]) == nil)
    }
}
