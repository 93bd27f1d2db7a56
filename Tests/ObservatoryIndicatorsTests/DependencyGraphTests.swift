@testable import ObservatoryIndicators
import Testing

@Suite struct DependencyGraphTests {
    @Test func ordersDependenciesFirst() {
        let graph = DependencyGraph(dependencies: [
            "taux": ["emploi", "chomeurs"], "emploi": [], "chomeurs": ["emploi"], "ecart": ["taux"], "seul": [],
            "externe": ["inconnu"],
        ])
        #expect(graph.order == ["emploi", "chomeurs", "externe", "seul", "taux", "ecart"])
        #expect(graph.cycles.isEmpty)
        #expect(graph.edges["externe"] == [])
    }

    @Test(arguments: [
        (["a": ["a"]], [["a"]], "indicator cycle: a → a"),
        (["a": ["b"], "b": ["a"]], [["a", "b"]], "indicator cycle: a → b → a"),
        (["b": ["c"], "c": ["a"], "a": ["b"], "d": ["a"]], [["a", "b", "c"]], "indicator cycle: a → b → c → a"),
        (["c": ["b"], "b": ["a"], "a": ["c"]], [["a", "c", "b"]], "indicator cycle: a → c → b → a"),
    ])
    func reportsEachCycleOnceByItsMembers(dependencies: [String: [String]], cycles: [[String]], text: String) {
        let graph = DependencyGraph(dependencies: dependencies)
        #expect(graph.cycles == cycles)
        #expect(DependencyGraph.describe(graph.cycles[0]) == text)
    }

    @Test func cycleMembersAndTheirDependentsComeLast() {
        let graph = DependencyGraph(dependencies: ["a": ["b"], "b": ["a"], "c": ["a"], "d": []])
        #expect(graph.order == ["d", "a", "b", "c"])
    }

    @Test func everyMemberOfATangleIsInAReportedCycle() {
        // a ⇄ b and a ⇄ c: one strongly connected group, two cycles.
        let graph = DependencyGraph(dependencies: ["a": ["b", "c"], "b": ["a"], "c": ["a"]])
        #expect(graph.cycles == [["a", "b"], ["a", "c"]])
    }

    @Test func longChainsDoNotExhaustTheStack() {
        var dependencies: [String: [String]] = [:]
        for i in 0..<5_000 { dependencies["i\(i)"] = i == 0 ? ["i4999"] : ["i\(i - 1)"] }
        let graph = DependencyGraph(dependencies: dependencies)
        #expect(graph.cycles.count == 1)
        #expect(graph.cycles.first?.count == 5_000)
    }
}
