// swift-tools-version:6.0
import PackageDescription

let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite: Target.Dependency = .product(name: "GRDBSQLite", package: "GRDB.swift")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let zip: Target.Dependency = .product(name: "ZIPFoundation", package: "ZIPFoundation")

let package = Package(
    name: "observatory",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "observatory", targets: ["observatory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CGEOS", pkgConfig: "geos",
                       providers: [.apt(["libgeos-dev"])]),

        // Libraries, lowest layer first
        .target(name: "ObservatoryCore"),
        .target(name: "ObservatoryConfig", dependencies: ["ObservatoryCore", yams]),
        .target(name: "ObservatoryFetch", dependencies: ["CCurl", "ObservatoryCore", crypto, logging]),
        .target(name: "ObservatoryData", dependencies: ["ObservatoryCore", "ObservatoryConfig", zip, logging]),
        .target(name: "ObservatoryStore", dependencies: ["ObservatoryCore", grdb, grdbSQLite]),
        .target(name: "ObservatoryIndicators", dependencies: ["ObservatoryCore", "ObservatoryConfig"]),
        .target(name: "ObservatoryCharts", dependencies: ["ObservatoryCore"]),
        .target(name: "ObservatoryGeo", dependencies: ["ObservatoryCore", "CGEOS"]),
        .target(name: "ObservatoryExport", dependencies: ["ObservatoryCore", "ObservatoryConfig", "ObservatoryIndicators",
                                                          "ObservatoryCharts"]),
        .target(name: "Observatory", dependencies: ["ObservatoryCore", "ObservatoryFetch", "ObservatoryData",
                                                    "ObservatoryStore", "ObservatoryIndicators", "ObservatoryCharts",
                                                    "ObservatoryExport", "ObservatoryGeo", crypto, logging]),

        // The command-line tool
        .executableTarget(name: "observatory", dependencies: ["Observatory", argumentParser, logging]),

        // Benchmarks (Benchmarks/*.sh run them)
        .executableTarget(name: "chart-bench", dependencies: ["ObservatoryCharts", "ObservatoryExport"], path: "Benchmarks/ChartBench"),
        .executableTarget(name: "geo-bench", dependencies: ["ObservatoryGeo"], path: "Benchmarks/GeoBench"),

        // Tests
        .testTarget(name: "ObservatoryFetchTests", dependencies: ["ObservatoryFetch", "Observatory", "ObservatoryData", "ObservatoryExport"]),
        .testTarget(name: "ObservatoryDataTests", dependencies: ["ObservatoryData", zip],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ObservatoryStoreTests", dependencies: ["ObservatoryStore"]),
        .testTarget(name: "ObservatoryIndicatorsTests", dependencies: ["ObservatoryIndicators"]),
        .testTarget(name: "ObservatoryGeoTests", dependencies: ["ObservatoryGeo", "ObservatoryData"]),
        .testTarget(name: "ObservatoryChartsTests", dependencies: ["ObservatoryCharts"], resources: [.copy("Golden")]),
        .testTarget(name: "ObservatoryExportTests", dependencies: ["ObservatoryExport", "ObservatoryIndicators", "ObservatoryCharts"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "ObservatoryTests", dependencies: ["Observatory", "ObservatoryData", "ObservatoryStore", zip]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
    ]
}
