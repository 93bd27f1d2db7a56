import ObservatoryCharts
import ObservatoryCore

/// Small invented data sets, one chart per mark kind (see Golden/README.md). Not real statistics.
enum GoldenCharts {
    static let footer = ChartFooter(source: "données inventées pour les tests", vintage: "T3 2024")

    static let all: [String: Chart] = [
        "line": line, "bar": bar, "ranked-bar": rankedBar, "grouped-bar": groupedBar, "stacked-bar": stackedBar,
        "dot": dot, "slope": slope, "sparkline": sparkline, "heat-table": heatTable, "passerelles": passerelles,
    ]

    static var names: [String] { all.keys.sorted() }

    static let quarters = (0..<8).map { Period.quarter(2023, 1).advanced(by: $0) }

    static var line: Chart {
        let a: [Double?] = [7.4, 7.2, 7.0, nil, 6.8, 6.9, 7.1, 7.3]
        let b: [Double?] = [6.9, 6.8, 6.8, 6.7, 6.6, 6.8, 6.9, 7.0]
        return Chart(title: "Taux de chômage localisé", subtitle: "Bassin A et France", unitLabel: "en % de la population active",
                     footer: footer, format: .percent(decimals: 1)) {
            AxisX()
            AxisY()
            LineMark([
                TimeSeries("Bassin A", zip(quarters, a).enumerated().map { i, p in
                    TimePoint(p.0, p.1, status: i == 7 ? .approximate : .ok)
                }),
                TimeSeries("France", zip(quarters, b).map { TimePoint($0.0, $0.1) }),
            ])
        }
    }

    static var bar: Chart {
        Chart(title: "Projets de recrutement", unitLabel: "nombre de projets", footer: footer, width: 520, height: 320) {
            AxisY()
            AxisX()
            BarMark([DataPoint("2020", 10_250), DataPoint("2021", 12_400), DataPoint("2022", nil),
                     DataPoint("2023", nil, status: .masked(lower: 9_000, upper: 13_000)),
                     DataPoint("2024", 14_120, status: .approximate)])
        }
    }

    static var rankedBar: Chart {
        Chart(title: "Métiers les plus recherchés", subtitle: "Projets de recrutement, bassin A", footer: footer, width: 600) {
            RankedBarMark([
                DataPoint("Aides à domicile et aides ménagères", 1_520),
                DataPoint("Agents d'entretien de locaux (y compris ATSEM)", 980),
                DataPoint("Serveurs de cafés restaurants", 1_105),
                DataPoint("Viticulteurs, arboriculteurs salariés et autres ouvriers qualifiés des cultures spécialisées", 860),
                DataPoint("Ingénieurs", nil, status: .masked(lower: 100, upper: 300)),
                DataPoint("Boulangers", 210, status: .approximate),
                DataPoint("Pilotes", nil),
            ])
        }
    }

    static var groupedBar: Chart {
        let sectors = ["Industrie", "Construction", "Commerce", "Services"]
        return Chart(title: "Emploi salarié par secteur", unitLabel: "en milliers", footer: footer, format: .number(decimals: 1)) {
            AxisY()
            AxisX()
            GroupedBarMark([
                Series("2023", zip(sectors, [18.2, 9.5, 21.0, 54.3]).map { DataPoint($0.0, $0.1) }),
                Series("2024", [DataPoint("Industrie", 18.0), DataPoint("Construction", 9.1, status: .approximate),
                                DataPoint("Commerce", nil), DataPoint("Services", 55.8)]),
            ])
        }
    }

    static var stackedBar: Chart {
        Chart(title: "Demandeurs d'emploi par catégorie", unitLabel: "nombre de personnes", footer: footer, width: 560) {
            AxisY()
            AxisX()
            StackedBarMark([
                Series("Catégorie A", [DataPoint("Bassin A", 4_200), DataPoint("Bassin B", 3_100), DataPoint("Bassin C", 1_900)]),
                Series("Catégories B, C", [DataPoint("Bassin A", 2_300), DataPoint("Bassin B", 1_800),
                                           DataPoint("Bassin C", nil, status: .masked(lower: 500, upper: 900))]),
            ])
        }
    }

    static var dot: Chart {
        let labels = ["Taux de chômage", "Part des moins de 25 ans parmi les demandeurs", "Part des seniors"]
        return Chart(title: "Bassin A et ses références", footer: footer, format: .percent(decimals: 1)) {
            AxisX(grid: true)
            DotMark(subject: Series("Bassin A", zip(labels, [7.1, 13.4, 27.0]).map { DataPoint($0.0, $0.1) }),
                    references: [
                        Series("Département", zip(labels, [6.8, 12.9, 26.1]).map { DataPoint($0.0, $0.1) }),
                        Series("Région", zip(labels, [7.0, 12.5, 25.4]).map { DataPoint($0.0, $0.1) }),
                        Series("France", [DataPoint(labels[0], 7.3), DataPoint(labels[1], 12.1, status: .approximate),
                                          DataPoint(labels[2], nil)]),
                    ])
        }
    }

    static var slope: Chart {
        let names = ["Bassin A", "Bassin B", "Bassin C", "Bassin D"]
        let before = [7.2, 8.1, 6.4, 6.5], after = [6.9, 8.4, 6.5, 6.4]
        return Chart(title: "Taux de chômage, 2023 → 2024", footer: footer, width: 520, height: 340, format: .percent(decimals: 1)) {
            AxisX()
            SlopeMark(from: .year(2023), to: .year(2024), names.indices.map { i in
                TimeSeries(names[i], [TimePoint(.year(2023), before[i]),
                                      TimePoint(.year(2024), after[i], status: i == 3 ? .approximate : .ok)])
            })
        }
    }

    static var sparkline: Chart {
        let values: [Double?] = [3_210, 3_180, nil, 3_050, 3_120, 2_990, 2_940, 2_980]
        return Chart(title: "Demandeurs d'emploi, bassin A", width: 180, height: 44,
                     margins: ChartMargins(top: 2, right: 4, bottom: 2, left: 4), isCompact: true) {
            Sparkline(zip(quarters, values).map { TimePoint($0.0, $0.1) })
        }
    }

    static var heatTable: Chart {
        let columns: [HeatTable.Column] = [.init("Taux de chômage", format: .percent(decimals: 1)),
                                           .init("Demandeurs d'emploi catégorie A"),
                                           .init("Projets difficiles", format: .percent(decimals: 0))]
        let rows: [(String, [DataPoint])] = [
            ("Bassin A", [DataPoint("Taux de chômage", 7.1), DataPoint("Demandeurs d'emploi catégorie A", 12_480),
                          DataPoint("Projets difficiles", 61)]),
            ("Bassin B, communauté de communes du Grand Ouest", [DataPoint("Taux de chômage", 8.4),
                          DataPoint("Demandeurs d'emploi catégorie A", 6_120, status: .approximate),
                          DataPoint("Projets difficiles", 55)]),
            ("Bassin C", [DataPoint("Taux de chômage", 6.2),
                          DataPoint("Demandeurs d'emploi catégorie A", nil, status: .masked(lower: 10, upper: nil)),
                          DataPoint("Projets difficiles", nil)]),
        ]
        return Chart(title: "Indicateurs clés par bassin", footer: footer, width: 620) {
            HeatTable(columns: columns, rows: rows.map { Series($0.0, $0.1) })
        }
    }

    static var passerelles: Chart {
        let links: [(String, String, Double?, DataStatus)] = [
            ("Secrétariat", "Assistanat technique et administratif", 13.7, .ok),
            ("Secrétariat", "Secrétariat et assistanat médical ou médico-social", 5.5, .ok),
            ("Assistance auprès d'enfants", "Aide en puériculture", 11.2, .ok),
            ("Conduite de véhicules sanitaires", "Soins d'hygiène, de confort du patient", 4.8, .approximate),
            ("Personnel de caisse", "Réception en hôtellerie", nil, .masked(lower: 2, upper: 6)),
        ]
        return Chart(title: "Passerelles vers les métiers en tension", subtitle: "Bassin A", unitLabel: "compétences communes, en %",
                     footer: footer, height: 300, format: .percent(decimals: 1)) {
            PasserelleMark(links.map { PasserelleMark.Link(from: $0.0, to: $0.1, measure: Measure($0.2, status: $0.3)) })
        }
    }
}
