/// Lines over time, one per series, each with its own colour and marker shape.
/// A missing value breaks the line (a new path segment starts after the gap); approximate values
/// get hollow markers; a masked value is a gap with a hollow marker at its lower bound and a
/// dashed range up to its upper bound.
///
/// ```swift
/// LineMark([TimeSeries("Tours", [TimePoint(.quarter(2023, 1), 7.1), TimePoint(.quarter(2023, 2), nil)])])
/// ```
public struct LineMark: Mark {
    /// Which points get a marker.
    public enum Markers: Sendable, Equatable {
        /// Every point.
        case every
        /// Approximate, masked and isolated points: a long series (80 quarters) stays a line,
        /// and what is not exact still stands out, as the legend says.
        case unusual
        /// Masked and isolated points only; a run of approximate values is dashed (sparklines).
        case isolated
    }

    /// The series, drawn in order.
    public var series: [TimeSeries]
    public var markers: Markers
    /// Whether every point has a marker.
    public var showsMarkers: Bool { markers == .every }

    public init(_ series: [TimeSeries], markers: Markers = .every) {
        self.series = series
        self.markers = markers
    }

    public var xDomain: ScaleDomain? { .periods(series.flatMap { $0.points.map(\.period) }) }
    public var yDomain: ScaleDomain? { .spanning(series.flatMap { $0.points.flatMap(\.measure.domainValues) }) }

    public var summary: MarkSummary? {
        let points = series.flatMap(\.points)
        return MarkSummary(kind: series.count > 1 ? "Courbes (\(series.count) séries)" : "Courbe", measures: points.map(\.measure))
    }

    public func legendEntries(palette: Palette) -> [LegendEntry] {
        let named = series.count > 1 || series.first.map { !$0.name.isEmpty } == true
        let entries = named ? series.indices.map {
            LegendEntry(series[$0].name, swatch: .line(color: palette.color($0), shape: palette.shape($0)))
        } : []
        return entries + LegendEntry.statusEntries(for: series.flatMap { $0.points.map(\.measure) }, markers: true)
    }

    public func render(in context: PlotContext) -> [SVGNode] {
        guard let x = context.x?.time, let y = context.y?.linear else { return [] }
        return series.indices.map { index in
            let color = context.palette.color(index), shape = context.palette.shape(index)
            let points = series[index].sorted
            let segments = Self.segments(points)
            var nodes: [SVGNode] = segments.filter { $0.count > 1 }.map { segment in
                let d = segment.enumerated().map { i, p in
                    (i == 0 ? "M" : "L") + SVGNumber.format(x(p.period)) + "," + SVGNumber.format(y(p.measure.value ?? 0))
                }.joined()
                let path = SVGNode("path", ["d": d, "fill": "none", "stroke": color, "stroke-width": 2,
                                            "stroke-linejoin": "round", "stroke-linecap": "round"])
                // Without markers (sparklines), an approximate run is told by its dashes.
                let approximate = segment.allSatisfy { $0.measure.status == .approximate }
                return markers == .isolated && approximate ? path.with("stroke-dasharray", "4 3") : path
            }
            let isolated = Set(segments.filter { $0.count == 1 }.map { $0[0].period })
            for point in points {
                let px = x(point.period)
                switch point.measure.status {
                case .ok:
                    if showsMarkers || isolated.contains(point.period), let value = point.measure.value {
                        nodes.append(shape.node(x: px, y: y(value), size: 7, color: color))
                    }
                case .approximate:
                    if markers != .isolated || isolated.contains(point.period), let value = point.measure.value {
                        nodes.append(shape.node(x: px, y: y(value), size: 8, color: color, filled: false))
                    }
                case .masked(let lower, let upper):
                    let top = upper.map { y($0) } ?? y(lower) - BarPainter.openEnd
                    nodes.append(SVGNode("line", ["x1": px, "y1": y(lower), "x2": px, "y2": top, "stroke": color,
                                                  "stroke-width": 1.5, "stroke-dasharray": "2 2"]))
                    nodes.append(shape.node(x: px, y: y(lower), size: 8, color: color, filled: false))
                case .none:
                    break
                }
            }
            return .group(["class": "line", "data-series": series[index].name], nodes)
        }
    }

    /// Runs of consecutive drawable points; a `.none` or masked point ends a run.
    static func segments(_ points: [TimePoint]) -> [[TimePoint]] {
        var runs: [[TimePoint]] = [[]]
        for point in points {
            let drawable = point.measure.value != nil && (point.measure.status == .ok || point.measure.status == .approximate)
            if drawable { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }
}
