import ObservatoryCharts
import ObservatoryCore
import Testing

@Suite struct LinearScaleTests {
    @Test(arguments: [
        (0.0...97.0, 0.0...100.0, [0.0, 20, 40, 60, 80, 100]),
        (0.0...1.0, 0.0...1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (6.6...7.4, 6.6...7.4, [6.6, 6.8, 7.0, 7.2, 7.4]),
        (-3.0...12.0, -5.0...15.0, [-5.0, 0, 5, 10, 15]),
        (0.0...14_120.0, 0.0...20_000.0, [0.0, 5_000, 10_000, 15_000, 20_000]),
        (2.5...2.5, 0.0...2.5, [0.0, 0.5, 1, 1.5, 2, 2.5]),
        (-0.35...0.42, -0.4...0.6, [-0.4, -0.2, 0, 0.2, 0.4, 0.6]),
    ])
    func niceDomainAndTicks(input: ClosedRange<Double>, nice: ClosedRange<Double>, ticks: [Double]) {
        let scale = LinearScale(domain: input, range: (0, 100)).niced()
        #expect(scale.domain == nice)
        #expect(scale.ticks() == ticks)
    }

    @Test(arguments: [(1.0...9.0, 2.0), (0.0...100.0, 20.0), (0.0...0.07, 0.01), (0.0...3_000.0, 500.0), (0.0...14_120.0, 2_000.0)])
    func stepsAreOneTwoFive(domain: ClosedRange<Double>, step: Double) {
        #expect(LinearScale.tickStep(for: domain, count: 5) == step)
    }

    @Test func mapsAndInverts() {
        let y = LinearScale(domain: 0...10, range: (200, 100))
        #expect(y(0) == 200)
        #expect(y(5) == 150)
        #expect(y(10) == 100)
    }
}

@Suite struct BandAndTimeScaleTests {
    @Test func bandPositions() throws {
        let scale = BandScale(domain: ["a", "b", "c", "d"], range: (0, 100), padding: 0.2)
        // step = 100 / (4 − 0.2 + 0.4) = 23.81
        #expect(abs(scale.step - 100 / 4.2) < 1e-9)
        #expect(abs(scale.bandwidth - scale.step * 0.8) < 1e-9)
        let first = try #require(scale.position(of: "a"))
        #expect(abs(first - scale.step * 0.2) < 1e-9)
        let last = try #require(scale.position(of: "d"))
        #expect(abs(last + scale.bandwidth + scale.step * 0.2 - 100) < 1e-9)
        #expect(scale.position(of: "z") == nil)
    }

    @Test func bandLengthGivesExactSteps() {
        let length = BandScale.length(count: 5, step: 30, padding: 0.2)
        #expect(abs(BandScale(domain: ["1", "2", "3", "4", "5"], range: (0, length), padding: 0.2).step - 30) < 1e-9)
    }

    @Test func timeScaleIsProportionalToElapsedTime() {
        let scale = TimeScale(periods: [.quarter(2024, 1), .quarter(2023, 1), .quarter(2023, 2)], range: (0, 400))
        #expect(scale.periods.first == .quarter(2023, 1))
        #expect(scale(.quarter(2023, 1)) == 0)
        #expect(scale(.quarter(2023, 2)) == 100)
        #expect(scale(.quarter(2024, 1)) == 400)
        #expect(scale.label(.quarter(2023, 3)) == "T3 2023")
    }

    @Test func timeTicksAreThinned() {
        let periods = (0..<12).map { Period.month(2023, 1).advanced(by: $0) }
        let ticks = TimeScale(periods: periods, range: (0, 100)).ticks(maxCount: 4)
        #expect(ticks == [.month(2023, 1), .month(2023, 4), .month(2023, 7), .month(2023, 10)])
    }
}

@Suite struct FormatTests {
    @Test(arguments: [(12.345, "12.35"), (3.10, "3.1"), (-0.001, "0"), (100.0, "100"), (-2.5, "-2.5"), (0.05, "0.05")])
    func svgNumbers(value: Double, text: String) {
        #expect(SVGNumber.format(value) == text)
    }

    @Test func axisLabelsAreFrench() {
        let chart = Chart(title: "Axe", format: .number(decimals: 0)) {
            AxisY()
            BarMark([DataPoint("a", 103_448), DataPoint("b", 12_000)])
        }
        let svg = chart.render()
        #expect(svg.contains(">120\u{202F}000</text>"))
        #expect(svg.contains(">103\u{202F}448</text>"))
        #expect(svg.contains("de 12\u{202F}000 à 103\u{202F}448."))
    }

    @Test func percentAxisAndMeasures() {
        #expect(ValueFormat.percent(decimals: 1).text(6.7) == "6,7\u{00A0}%")
        #expect(ValueFormat.percent(decimals: 1).text(Measure(6.7, status: .approximate)) == "≈\u{00A0}6,7\u{00A0}%")
        #expect(ValueFormat.number(decimals: 0).text(Measure(nil, status: .masked(lower: 5, upper: 10))) == "5 à 10")
        #expect(ValueFormat.number(decimals: 0).text(Measure(nil)) == "n.d.")
        let svg = Chart(title: "Pourcentages", format: .percent(decimals: 1)) {
            AxisY()
            BarMark([DataPoint("a", 6.7), DataPoint("b", 3.2)])
        }.render()
        #expect(svg.contains(">6,7\u{00A0}%</text>"))
        #expect(svg.contains(">7\u{00A0}%</text>"))
    }
}
