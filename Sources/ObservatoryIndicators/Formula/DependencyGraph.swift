/// Which indicators use which, the order to compute them, and the cycles that forbid it.
///
/// Like dbt's model references: the graph is checked before anything runs.
public struct DependencyGraph: Sendable, Hashable {
    /// Indicator id → the indicator ids it uses (ids not in the graph are ignored).
    public let edges: [String: [String]]
    /// Every indicator, each after the indicators it uses; ties by id. Members of a cycle, and
    /// the indicators that depend on one, cannot be ordered: they come last, by id.
    public let order: [String]
    /// Each cycle once, as its members in order from the smallest id, without repeating the
    /// first: `["a", "b", "c"]` is a → b → c → a. Every member of a strongly connected group is
    /// in at least one reported cycle.
    public let cycles: [[String]]

    public init(dependencies: [String: [String]]) {
        var edges: [String: [String]] = [:]
        for (id, uses) in dependencies {
            edges[id] = Array(Set(uses.filter { dependencies[$0] != nil })).sorted()
        }
        self.edges = edges
        self.order = Self.topologicalOrder(edges)
        self.cycles = Self.findCycles(edges)
    }

    /// `indicator cycle: a → b → c → a`.
    public static func describe(_ cycle: [String]) -> String {
        "indicator cycle: " + (cycle + [cycle[0]]).joined(separator: " → ")
    }

    /// Kahn's algorithm, always taking the smallest ready id.
    private static func topologicalOrder(_ edges: [String: [String]]) -> [String] {
        var remaining = edges.mapValues { Set($0) }
        var order: [String] = []
        while true {
            let ready = remaining.filter { $0.value.isEmpty }.keys.sorted()
            guard let next = ready.first else { break }
            order.append(next)
            remaining[next] = nil
            for key in remaining.keys { remaining[key]!.remove(next) }
        }
        return order + remaining.keys.sorted()
    }

    /// Strongly connected groups (Tarjan), then for each group the shortest cycle through its
    /// smallest member not yet in a reported cycle, until every member is covered.
    private static func findCycles(_ edges: [String: [String]]) -> [[String]] {
        var cycles: [[String]] = []
        for group in stronglyConnected(edges) {
            let members = Set(group)
            let isCycle = group.count > 1 || edges[group[0]]!.contains(group[0])
            guard isCycle else { continue }
            var covered: Set<String> = []
            for start in group.sorted() where !covered.contains(start) {
                guard let cycle = shortestCycle(from: start, within: members, edges) else { continue }
                let rotated = rotateToSmallest(cycle)
                if !cycles.contains(rotated) { cycles.append(rotated) }
                covered.formUnion(cycle)
            }
        }
        return cycles.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private static func rotateToSmallest(_ cycle: [String]) -> [String] {
        guard let smallest = cycle.indices.min(by: { cycle[$0] < cycle[$1] }) else { return cycle }
        return Array(cycle[smallest...] + cycle[..<smallest])
    }

    /// Breadth-first from `start` back to itself, inside `members`.
    private static func shortestCycle(from start: String, within members: Set<String>,
                                      _ edges: [String: [String]]) -> [String]? {
        var parent: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for next in edges[node] ?? [] where members.contains(next) {
                if next == start {
                    var path = [node]
                    while let up = parent[path[0]] { path.insert(up, at: 0) }
                    return path
                }
                if parent[next] == nil && next != start {
                    parent[next] = node
                    queue.append(next)
                }
            }
        }
        return nil
    }

    /// Tarjan's algorithm, iterative so that a long chain does not exhaust the stack.
    private static func stronglyConnected(_ edges: [String: [String]]) -> [[String]] {
        var index: [String: Int] = [:], low: [String: Int] = [:]
        var stack: [String] = [], onStack: Set<String> = []
        var groups: [[String]] = []
        var counter = 0
        for root in edges.keys.sorted() where index[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = work.last {
                let successors = edges[node] ?? []
                if next < successors.count {
                    work[work.count - 1].next += 1
                    let child = successors[next]
                    if index[child] == nil {
                        index[child] = counter; low[child] = counter; counter += 1
                        stack.append(child); onStack.insert(child)
                        work.append((child, 0))
                    } else if onStack.contains(child) {
                        low[node] = min(low[node]!, index[child]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent]!, low[node]!) }
                if low[node] == index[node] {
                    var group: [String] = []
                    while let top = stack.popLast() {
                        onStack.remove(top)
                        group.append(top)
                        if top == node { break }
                    }
                    groups.append(group.sorted())
                }
            }
        }
        return groups
    }
}
