/// Class breaks of a choropleth. Breaks are returned as `[minimum, upper₁, …, maximum]`
/// (classes + 1 values); class `i` holds the values `v` with `breaks[i] < v ≤ breaks[i + 1]`,
/// the first class also its lower bound. Both methods put every break on a data value and
/// never split equal values, so there are fewer classes when there are fewer distinct values.
public enum ClassBreaks {
    /// Quantiles: about the same number of values in each class. Break `i` (of `k`) is the
    /// `round(i·n/k)`-th smallest value; on ties it moves to the nearest distinct value that
    /// leaves no class empty, and is dropped when there is none.
    /// Empty when `values` has no finite value.
    public static func quantile(_ values: [Double], classes: Int) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard let low = sorted.first, let high = sorted.last else { return [] }
        let k = min(max(1, classes), distinctCount(sorted))
        let n = sorted.count
        var breaks = [low]
        for i in 1..<max(k, 1) {
            let index = min(n - 1, max(0, Int((Double(i * n) / Double(k)).rounded()) - 1))
            var value = sorted[index]
            // (previous, value] must hold a value, and (value, high] too: on a run of equal values,
            // move to the nearest distinct value that keeps both classes non-empty, else drop the break.
            let previous = breaks.count > 1 ? breaks[breaks.count - 1] : nil
            if value >= high, let below = sorted.last(where: { $0 < high }) { value = below }
            if let previous, value <= previous, let above = sorted.first(where: { $0 > previous }) { value = above }
            if let previous, value <= previous { continue }
            if value >= high { continue }
            breaks.append(value)
        }
        breaks.append(high)
        return breaks
    }

    /// Jenks natural breaks, computed exactly (Fisher's dynamic programming, 1958): the
    /// partition of the sorted values into contiguous classes with the least total within-class
    /// sum of squared deviations. O(k·n²), ample for a few hundred territories. Equal values
    /// always share a class. Empty when `values` has no finite value.
    public static func jenks(_ values: [Double], classes: Int) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard let low = sorted.first, let high = sorted.last else { return [] }
        let n = sorted.count
        let k = min(max(1, classes), distinctCount(sorted))
        guard k > 1 else { return [low, high] }
        // Prefix sums of centred values keep the squared sums precise.
        let mean = sorted.reduce(0, +) / Double(n)
        var sums = [0.0], squares = [0.0]
        for value in sorted {
            sums.append(sums[sums.count - 1] + (value - mean))
            squares.append(squares[squares.count - 1] + (value - mean) * (value - mean))
        }
        func deviation(_ i: Int, _ j: Int) -> Double {  // values sorted[i..<j]
            let sum = sums[j] - sums[i]
            return max(0, squares[j] - squares[i] - sum * sum / Double(j - i))
        }
        // A class may end after index p - 1 only between two different values.
        func canSplit(_ p: Int) -> Bool { p == n || sorted[p - 1] < sorted[p] }

        // cost[c][j]: least deviation of sorted[0..<j] in c + 1 classes; from[c][j]: start of the last class.
        var cost = Array(repeating: Array(repeating: Double.infinity, count: n + 1), count: k)
        var from = Array(repeating: Array(repeating: 0, count: n + 1), count: k)
        for j in 1...n where canSplit(j) { cost[0][j] = deviation(0, j) }
        for c in 1..<k {
            for j in (c + 1)...n where canSplit(j) {
                for i in c..<j where cost[c - 1][i].isFinite {
                    let candidate = cost[c - 1][i] + deviation(i, j)
                    if candidate < cost[c][j] {
                        cost[c][j] = candidate
                        from[c][j] = i
                    }
                }
            }
        }
        var ends: [Int] = []
        var j = n
        for c in stride(from: k - 1, through: 1, by: -1) {
            j = from[c][j]
            ends.append(j)
        }
        return [low] + ends.reversed().map { sorted[$0 - 1] } + [high]
    }

    /// The class of `value` for `breaks`: 0 for the first; values outside the range go to the
    /// nearest class. `nil` when there are no breaks or the value is not finite.
    public static func classIndex(of value: Double, breaks: [Double]) -> Int? {
        guard breaks.count >= 2, value.isFinite else { return nil }
        let classes = breaks.count - 1
        for i in 0..<classes where value <= breaks[i + 1] { return i }
        return classes - 1
    }

    static func distinctCount(_ sorted: [Double]) -> Int {
        guard !sorted.isEmpty else { return 0 }
        return 1 + zip(sorted, sorted.dropFirst()).filter { $0 < $1 }.count
    }
}
