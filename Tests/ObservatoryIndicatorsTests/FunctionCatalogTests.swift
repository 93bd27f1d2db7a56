@testable import ObservatoryIndicators
import Testing

@Suite struct FunctionCatalogTests {
    @Test func namesAreUniqueAndLookedUp() {
        let names = FunctionCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names { #expect(FunctionCatalog.signature(name)?.name == name) }
        #expect(FunctionCatalog.signature("average") == nil)
    }

    @Test func theIssueFunctionsAreAllThere() {
        for name in ["if", "coalesce", "sum", "mean", "min", "max", "count", "share", "lag", "change", "pct_change",
                     "cagr", "rolling_mean", "rank", "top", "zscore", "lq", "shift_share", "hhi", "krugman"] {
            #expect(FunctionCatalog.signature(name) != nil, "\(name)")
        }
    }
}
