/// What a built-in function takes and gives, for validation and for the analyst guide.
public struct FunctionSignature: Sendable, Hashable {
    /// The kind of an argument.
    public enum Argument: Sendable, Hashable {
        /// Any value (a number or a table).
        case value
        /// A table: values keyed by a dimension's codes, made by `by(…)` or a table function.
        case table
        /// A dimension name of the measure's dataset: `metier`, `secteur_na17`.
        case dimension
        /// A reference territory: `departement`, `region`, `france`.
        case reference
        /// A whole number literal ≥ 1 (periods back, entries kept).
        case count
        /// A truth value (a comparison).
        case condition
        /// A text literal among the values ``FunctionCatalog/choices`` lists for the function.
        case choice
        /// A number literal ≥ 0 written in the formula (a threshold, a weight).
        case number
    }

    /// How the result's unit follows from the arguments'.
    public enum Result: Sendable, Hashable {
        /// The first argument's unit.
        case sameAsFirst
        /// The second argument's unit (`if(c, a, b)`).
        case sameAsSecond
        /// The first argument's unit, except a percent becomes points (a change of a percent).
        case changeOfFirst
        case fixed(Unit)
    }

    public var name: String
    public var arguments: [Argument]
    /// Extra arguments repeat the last kind (`coalesce(a, b, c)`).
    public var variadic: Bool
    public var result: Result
    /// Whether the result is a table (keyed by dimension codes) rather than a number.
    public var returnsTable: Bool
    /// One line for the analyst guide.
    public var summary: String
}

/// Every built-in function of the formula language.
public enum FunctionCatalog {
    public static let all: [FunctionSignature] = [
        .init(name: "if", arguments: [.condition, .value, .value], variadic: false, result: .sameAsSecond, returnsTable: false,
              summary: "if(condition, a, b): a where the condition holds, b elsewhere"),
        .init(name: "coalesce", arguments: [.value, .value], variadic: true, result: .sameAsFirst, returnsTable: false,
              summary: "coalesce(a, b, …): the first argument that is the territory's own value (published or exact), else the first that has a value"),
        .init(name: "by", arguments: [.value, .dimension], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "by(dataset.measure, dimension): the measure per code of the dimension (a table)"),
        .init(name: "sum", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "sum(table): the total of the entries"),
        .init(name: "mean", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "mean(table): the mean of the entries"),
        .init(name: "min", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "min(table): the smallest entry"),
        .init(name: "max", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "max(table): the largest entry"),
        .init(name: "count", arguments: [.table], variadic: false, result: .fixed(.count), returnsTable: false,
              summary: "count(table): the number of entries that have a value and are not 0 (a comparison's 1s)"),
        .init(name: "share", arguments: [.table], variadic: false, result: .fixed(.ratio), returnsTable: true,
              summary: "share(table): each entry divided by the total"),
        .init(name: "percent", arguments: [.value], variadic: false, result: .fixed(.percent), returnsTable: false,
              summary: "percent(ratio): the ratio × 100, in %"),
        .init(name: "part", arguments: [.value, .value], variadic: false, result: .fixed(.ratio), returnsTable: false,
              summary: "part(x, whole): x / whole where x is a part of whole (difficult projects among projects): a ratio kept within 0–1, masked bounds included"),
        .init(name: "per1000", arguments: [.value], variadic: false, result: .fixed(.perThousand), returnsTable: false,
              summary: "per1000(ratio): the ratio × 1,000, in ‰"),
        .init(name: "lag", arguments: [.value, .count], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "lag(x, n): x n periods earlier"),
        .init(name: "change", arguments: [.value, .count], variadic: false, result: .changeOfFirst, returnsTable: false,
              summary: "change(x, n): x − x n periods earlier (in points for a percent)"),
        .init(name: "pct_change", arguments: [.value, .count], variadic: false, result: .fixed(.percent), returnsTable: false,
              summary: "pct_change(x, n): (x / x n periods earlier − 1) × 100"),
        .init(name: "cagr", arguments: [.value, .count], variadic: false, result: .fixed(.percent), returnsTable: false,
              summary: "cagr(x, n): ((x / x n periods earlier)^(1/n) − 1) × 100, the yearly growth rate"),
        .init(name: "rolling_mean", arguments: [.value, .count], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "rolling_mean(x, n): the mean of x over the last n periods"),
        .init(name: "rank", arguments: [.table], variadic: false, result: .fixed(.index), returnsTable: true,
              summary: "rank(table): 1 for the largest entry, 2 for the next…"),
        .init(name: "top", arguments: [.table, .count], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "top(table, n): the n largest entries"),
        .init(name: "zscore", arguments: [.table], variadic: false, result: .fixed(.index), returnsTable: true,
              summary: "zscore(table): (entry − mean) / standard deviation"),
        .init(name: "at", arguments: [.value, .reference], variadic: false, result: .sameAsFirst, returnsTable: false,
              summary: "at(x, region): x for the reference territory (departement, region, france)"),
        .init(name: "gap", arguments: [.value, .reference], variadic: false, result: .changeOfFirst, returnsTable: false,
              summary: "gap(x, region): x − x for the reference territory (in points for a percent)"),
        .init(name: "lq", arguments: [.table, .reference], variadic: false, result: .fixed(.index), returnsTable: true,
              summary: "lq(table, region): location quotient (E_ir/E_r) / (E_iR/E_R) per entry"),
        .init(name: "hhi", arguments: [.table], variadic: false, result: .fixed(.ratio), returnsTable: false,
              summary: "hhi(table): Herfindahl index Σ s_i² of the shares"),
        .init(name: "krugman", arguments: [.table, .reference], variadic: false, result: .fixed(.ratio), returnsTable: false,
              summary: "krugman(table, region): ½ Σ |s_ir − s_iR|, the dissimilarity with the reference"),
        .init(name: "shift_share", arguments: [.table, .count, .reference], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "shift_share(table, n, france): national, mix and competitive components of the change over n periods"),
        .init(name: "to_rome", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "to_rome(table): a table by FAP code (BMO's metier) spread over ROME 4.0 métiers through the crosswalk of the nomenclature the catalogue declares, weights summing to 1 per FAP (a table by rome)"),
        .init(name: "unmapped", arguments: [.table], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "unmapped(table): the entries of a table by FAP code that have no ROME 4.0 métier"),
        .init(name: "mapped_share", arguments: [.table], variadic: false, result: .fixed(.ratio), returnsTable: false,
              summary: "mapped_share(table): the share of a table by FAP code's total that reaches ROME 4.0 métiers"),
        .init(name: "competences", arguments: [.table, .choice, .number], variadic: false, result: .sameAsFirst, returnsTable: true,
              summary: "competences(table, \"all\", w): a table by ROME code spread over the métiers' competences (×1, ×w for cœur de métier); kind \"all\", \"savoir-faire\", \"savoir-etre\" or \"savoir\""),
        .init(name: "shared_competences", arguments: [.table, .choice], variadic: false, result: .fixed(.count), returnsTable: true,
              summary: "shared_competences(table, \"all\"): per competence, the number of the table's métiers with a non-zero value (a comparison's 1s) that call for it"),
        .init(name: "transition_shares", arguments: [.table], variadic: false, result: .fixed(.ratio), returnsTable: true,
              summary: "transition_shares(table): the share of a table by ROME code's total in métiers flagged for the ecological, digital or demographic transition"),
        .init(name: "passerelles", arguments: [.table, .table, .number, .number, .number], variadic: false, result: .fixed(.ratio),
              returnsTable: true,
              summary: "passerelles(jobseekers, tension, n, low, high): ROME mobility links from métiers with ≥ n jobseekers and tension ≤ low to métiers with tension ≥ high, valued by the Jaccard index of their competences (a table by passerelle FROM>TO)"),
        .init(name: "training_offers", arguments: [.table], variadic: false, result: .fixed(.count), returnsTable: true,
              summary: "training_offers(table): per ROME code of the table, the training offers placed in the territory that lead to it"),
        .init(name: "certifications", arguments: [.table], variadic: false, result: .fixed(.count), returnsTable: true,
              summary: "certifications(table): per ROME code of the table, the active RNCP and RS certifications that lead to it (national)"),
    ]

    /// The functions over the ROME, FAP and training referentials.
    public static let skillFunctions: Set<String> = ["to_rome", "unmapped", "mapped_share", "competences", "shared_competences",
                                              "transition_shares", "passerelles", "training_offers", "certifications"]

    /// The dimension a function keys its table by, when it is not its argument's.
    public static let producedDimensions: [String: String] = [
        "to_rome": "rome", "competences": "competence", "shared_competences": "competence",
        "transition_shares": "transition", "passerelles": "passerelle",
    ]

    /// The texts a `.choice` argument accepts, per function.
    public static let choices: [String: [String]] = [
        "competences": ["all", "savoir-faire", "savoir-etre", "savoir"],
        "shared_competences": ["all", "savoir-faire", "savoir-etre", "savoir"],
    ]

    public static func signature(_ name: String) -> FunctionSignature? {
        all.first { $0.name == name }
    }

    /// Reference territory names accepted by `at`, `lq`, `krugman`, `shift_share`.
    public static let references = ["departement", "region", "france"]
}
