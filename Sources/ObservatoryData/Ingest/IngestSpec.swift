import ObservatoryCore

/// How a dataset's files become observations or referential records (the `ingest:` section of
/// its catalogue file, which a file entry may override key by key). Column names may use
/// `{vintage}`, `{yyyy}` and `{yy}`, filled from the file's vintage, so that next year's file
/// (BMO's `BE25`) needs config only.
public struct IngestSpec: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Numbers per territory × period × dimensions.
        case observations
        /// INSEE's commune → ZE, département, région composition.
        case zoneEmploiComposition = "ze-composition"
        /// France Travail's commune → bassin BMO lexicon.
        case bassinLexicon = "bassin-lexicon"
        /// INSEE's table d'appartenance géographique: commune → EPCI (and the EPCIs' names).
        case communeMembership = "commune-membership"
        /// Territory boundaries, a GeoJSON FeatureCollection (`options: {geography: commune}`).
        case boundaries
        /// The ROME 4.0 export (métiers, competences, links, mobility).
        case rome
        /// FAP labels and FAP → ROME crosswalks.
        case fap
        /// Formacode thesaurus and ROME → Formacode.
        case formacode
        /// LHEO 2.2 training offers.
        case lheo
        /// RNCP / RS certification sheets.
        case rncp
        /// Fetched, not ingested.
        case none
    }

    public enum Sheet: Sendable, Hashable {
        case name(String)
        case position(Int)
    }

    public enum Header: Sendable, Hashable {
        case row(Int)
        case containing([String])
        case absent([String])
    }

    /// A column, by name (templated), with how its codes are normalised.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// Left-pad numeric codes with zeros to this width (`1.0` → `01`).
        public var pad: Int?
        /// Keep the text before the first space (`FZ Construction` → `FZ`).
        public var firstWord: Bool
        /// A column holding the code's label (a parent département's name).
        public var labelColumn: String?
        public init(name: String, pad: Int? = nil, firstWord: Bool = false, labelColumn: String? = nil) {
            self.name = name
            self.pad = pad
            self.firstWord = firstWord
            self.labelColumn = labelColumn
        }
    }

    /// A breakdown dimension and its column (`metier` ← `Code métier BMO`).
    public struct Dimension: Sendable, Hashable {
        public var name: String
        public var column: Column
    }

    /// A measure and its column (`met` ← `met`).
    public struct Measure: Sendable, Hashable {
        public var name: String
        public var column: String
    }

    /// Where the territory of a row comes from.
    public indirect enum Territory: Sendable, Hashable {
        /// A column of codes of one geography.
        case column(Column, Geography, nameColumn: String?)
        /// The same territory for every row (`fr:FR` for national series).
        case fixed(TerritoryID)
        /// The geography depends on another column's value (DARES `niveau_geo`: nat / reg / dep).
        case switched(column: String, cases: [String: Territory])
    }

    /// Where the period of a row comes from.
    public enum PeriodSource: Sendable, Hashable {
        /// The same period for every row (`{vintage}`, `2023`).
        case fixed(String)
        /// A column holding `2023`, `2023-T3`, `cumul 2022-2023` (the last year is taken).
        case column(String)
        /// A year column and a quarter column.
        case yearQuarter(year: String, quarter: String)
    }

    /// Columns whose header names a period (`2003-T1`, `Effectifs salariés 2019`): wide → long.
    public struct Wide: Sendable, Hashable {
        /// A regular expression on the header; its first capture group (or the whole name) is the period.
        public var pattern: String
        public var measure: String
    }

    /// How cell text becomes a value.
    public struct Values: Sendable, Hashable {
        /// Tokens of masked cells (`*`, `s.s`, `secret`).
        public var masked: [String] = ["*"]
        /// Tokens of empty cells, besides the empty string.
        public var missing: [String] = []
        /// Upper bound of each masked cell, when the publisher states one (BMO: a cell < 3 is masked).
        public var maskedBound: Double?
        public init() {}
    }

    public enum Duplicates: String, Sendable, Hashable {
        /// Two rows with the same key are an error.
        case error
        /// Rows with the same key are summed (URSSAF's regional parts of one zone).
        case sum
    }

    public var kind: Kind
    /// A ZIP member pattern (`*.xlsx`, `unix_referentiel_code_rome_v*_utf8.csv`).
    public var member: String?
    public var sheet: Sheet?
    public var header: Header = .row(1)
    public var encoding: String?
    public var delimiter: Character?
    public var territory: Territory?
    public var period: PeriodSource?
    public var dimensions: [Dimension] = []
    /// Label columns of dimensions (`metier` → `Nom métier BMO`), recorded beside the codes.
    public var labels: [String: String] = [:]
    /// Columns giving the territory's parents (a BMO bassin's `Dept` and `REG`), recorded as memberships.
    public var parents: [Geography: Column] = [:]
    public var measures: [Measure] = []
    public var wide: [Wide] = []
    public var values = Values()
    public var duplicates: Duplicates = .error
    /// Rows whose column holds one of these values are skipped (a `TOTAL` line).
    public var exclude: [String: [String]] = [:]
    /// Units of measures that are not counts (`taux_chomage: percent`, `tension: index`); a
    /// measure whose unit is not a count or euros is not summed across territories.
    public var units: [String: String] = [:]
    /// The commune weight that shares each measure out among the communes of a unit that lies
    /// partly in a territory (`effectifs: salaried-jobs`); population when not said.
    public var apportion: [String: ApportionKey] = [:]
    /// Territories are named, not coded (`territory: {…, match: name}`): each name is looked up
    /// among the names of the territories of its geography already in the store (``NameKey``).
    public var matchTerritoryByName = false
    /// The classification a dimension's codes belong to (`metier: FAP-2021`), which chooses the
    /// crosswalk that reads them (BMO: FAP-2009 up to 2023, FAP-2021 from 2024); a dimension not
    /// named here has its nomenclature recognised from its codes.
    public var nomenclatures: [String: String] = [:]
    /// Kind-specific settings (which ZIP member or sheet holds what).
    public var options: [String: String] = [:]

    public init(kind: Kind) { self.kind = kind }
}

/// Fills `{vintage}`, `{yyyy}` and `{yy}` from a file's vintage (`2024` → `2024`, `24`).
public struct VintageTemplate: Sendable {
    public let vintage: String

    public init(vintage: String) { self.vintage = vintage }

    /// The first four-digit run of the vintage, if any.
    public var year: String? {
        var run = ""
        for character in vintage {
            if character.isASCII && character.isNumber {
                run.append(character)
                if run.count == 4 { return run }
            } else {
                run = ""
            }
        }
        return nil
    }

    public func fill(_ text: String) -> String {
        guard text.contains("{") else { return text }
        var result = text.replacingOccurrences(of: "{vintage}", with: vintage)
        if let year {
            result = result.replacingOccurrences(of: "{yyyy}", with: year)
                .replacingOccurrences(of: "{yy}", with: String(year.suffix(2)))
        }
        return result
    }
}
