import Foundation
import ObservatoryCharts
import ObservatoryCore
@testable import ObservatoryExport
import Testing

/// The site's JSON writer gives, byte for byte, what Foundation's `JSONEncoder` gives.
@Suite struct CompactJSONTests {
    struct Sample: Encodable {
        var plainText = "a\"b\\c/d\n\r\t\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F} é ≈ 1\u{202F}413 \u{2028}"
        var numbers: [Double] = [0, -0.0, 1, 0.1, 7.2, -0.6503994063468466, 1e21, 1e-7, 123_456_789_012.5, 2_751_069, .ulpOfOne]
        var integers: [Int] = [0, -1, Int.max, Int.min]
        var small: UInt32 = 4_000_000_000
        var tiny: Int8 = -8
        var float: Float = 0.1
        var flag = true
        var missing: String? = nil
        var present: Int? = 3
        var nested: [[String]] = [["x"], [], ["y", "z"]]
        var myURLProperty = "acronym"
        var schemaVersion = 4
        var keyFigures: [String: Int] = ["b": 2, "a": 1, "keyFigures": 3]
        var map: MapLike = MapLike()
        var status: Status = .ok
        var empty: [Int] = []
    }

    struct MapLike: Encodable {
        var a_b = 1
        var ab = 2
        var aB = 3
        var Ab = 4
        var keys = 5
        var key_figures = 6
        var x10 = 7
        var x2 = 8
    }

    enum Status: String, Encodable { case ok }

    @Test func everyKindOfValueComesOutAsJSONEncoderWritesIt() throws {
        let compact = try DocumentJSON.encode(Sample())
        let foundation = try DocumentJSON.foundationEncode(Sample())
        #expect(String(decoding: compact, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }

    @Test func aPageComesOutAsJSONEncoderWritesIt() throws {
        let document = try ExportGoldenTests.page().document.published
        #expect(try DocumentJSON.encode(document) == DocumentJSON.foundationEncode(document))
    }

    @Test func aNumberThatIsNotJSONIsAnErrorWithItsPath() throws {
        struct Bad: Encodable { var values: [Double] = [1, .nan] }
        #expect {
            try DocumentJSON.encode(Bad())
        } throws: { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["values", "1"]
        }
    }
}

/// `--format …,charts`: each page's charts as data, with the series the page's JSON leaves out.
@Suite struct ChartDataTests {
    @Test func theChartsAsDataDrawTheSVGsOfThePageAndAreOnlyWrittenWhenAsked() throws {
        let data = try ExportFixture.data()
        let dashboard = try ExportFixture.dashboard(library: data.library)
        let plain = try SiteExport(builder: DashboardBuilder(data: data)).render(.territory(dashboard, ExportFixture.basin))
        #expect(!plain.files.contains { $0.0.hasPrefix("charts/") })
        let formats = ExportFormat.site.union([.charts])
        let page = try SiteExport(builder: DashboardBuilder(data: data), formats: formats).render(.territory(dashboard, ExportFixture.basin))
        let files = Dictionary(page.files, uniquingKeysWith: { a, _ in a })
        let charts = try DocumentJSON.decode(ChartDataDocument.self, from: try #require(files["charts/territoire/custom-alpha.json"]))
        #expect(charts.page == "territoire/custom-alpha" && charts.charts.count == page.charts)
        for entry in charts.charts {
            #expect(!entry.chart.series.isEmpty)
            #expect(Data(entry.chart.render().utf8) == files[entry.file], "\(entry.file) is not what its data draws")
        }
    }
}
