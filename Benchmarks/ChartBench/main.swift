// Chart benchmark, the Swift side (issue 5): reads the chart specs of an exported site
// (charts/**/*.json, written with `--format …,charts`: each key figure's sparkline, each
// indicator's chart, each peer table) and renders them all with ObservatoryCharts, timing only
// the rendering.
//
// usage: chart-bench SITE_DIR [--limit N] [--repeat R] [--out DIR]
//        chart-bench --map [--repeat R] [--out DIR]   (a 22-territory choropleth, R = 1 000 by default)
// prints: charts, kinds, seconds, charts per second; with --out, writes each SVG (not timed).
import Foundation
import ObservatoryCharts
import ObservatoryExport

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
let limit = option("--limit").flatMap(Int.init)
let repeatOption = option("--repeat").flatMap(Int.init)
let repeats = repeatOption ?? 1
let output = option("--out").map { URL(fileURLWithPath: $0, isDirectory: true) }
// chart-bench --map [--repeat R] [--out DIR]: only the map case, R renders (default 1 000).
if arguments.first == "--map" {
    let geometry = MapCase.geometry()
    let spec = MapCase.spec(geometry)
    let count = repeatOption ?? 1_000
    var mapBytes = 0
    let mapStart = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<count { mapBytes += spec.render(geometry: geometry).utf8.count }
    let mapSeconds = Double(DispatchTime.now().uptimeNanoseconds - mapStart) / 1e9
    let points = geometry.features.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } }
    print("swift-maps: \(count) choropleths of \(geometry.features.count) territories (\(points) points) in \(String(format: "%.3f", mapSeconds)) s — \(String(format: "%.0f", Double(count) / mapSeconds)) maps/s, \(mapBytes / max(count, 1)) bytes per SVG")
    if let output {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data(spec.render(geometry: geometry).utf8).write(to: output.appendingPathComponent("map-22.svg"))
    }
    exit(0)
}
guard let site = arguments.first.map({ URL(fileURLWithPath: $0, isDirectory: true) }) else {
    FileHandle.standardError.write(Data("usage: chart-bench SITE_DIR [--limit N] [--repeat R] [--out DIR]\n".utf8))
    exit(2)
}

// The charts as data, with their series: the site must be exported with `--format …,charts`
// (a page's JSON gives its charts without their series since schema 4).
var files: [URL] = []
let enumerator = FileManager.default.enumerator(at: site.appendingPathComponent("charts"), includingPropertiesForKeys: nil)
while let url = enumerator?.nextObject() as? URL { if url.pathExtension == "json" { files.append(url) } }
files.sort { $0.path < $1.path }
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("chart-bench: \(site.path)/charts holds no chart data; export with --format json,svg,html,csv,charts\n".utf8))
    exit(2)
}
var specs: [ChartSpec] = []
for file in files {
    specs += try DocumentJSON.decode(ChartDataDocument.self, from: Data(contentsOf: file)).charts.map(\.chart)
}
if let limit { specs = Array(specs.prefix(limit)) }
let kinds = Dictionary(grouping: specs, by: \.kind.rawValue).mapValues(\.count)

var bytes = 0
let start = DispatchTime.now().uptimeNanoseconds
for _ in 0..<repeats {
    for spec in specs { bytes += spec.render().utf8.count }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
let rendered = specs.count * repeats
print("swift-charts: \(rendered) charts (\(specs.count) specs × \(repeats)) from \(files.count) pages in \(String(format: "%.3f", seconds)) s — \(String(format: "%.0f", Double(rendered) / seconds)) charts/s, \(bytes / max(rendered, 1)) bytes per SVG")
print("kinds: " + kinds.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
if let output {
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    for (index, spec) in specs.enumerated() {
        try Data(spec.render().utf8).write(to: output.appendingPathComponent(String(format: "%05d-%@.svg", index, spec.kind.rawValue)))
    }
}
