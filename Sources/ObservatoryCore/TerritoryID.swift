/// A kind of territory. Two geographies never share codes: INSEE zone d'emploi `2401` (Blois)
/// and France Travail bassin BMO `2401` (Bourges) are different territories.
public enum Geography: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case commune
    case zoneEmploi = "ze2020"
    case bassinBMO = "bassin-bmo"
    case departement = "dep"
    case region = "reg"
    case france = "fr"
    /// EPCI (intercommunalité); some publishers name them without a code.
    case epci
    /// A basin defined by a committee in `Indicators/territories/*.yaml`.
    case custom
    /// A training or apprenticeship centre (UAI code), for InserJeunes.
    case etablissement

    /// French label used in user-facing text.
    public var label: String {
        switch self {
        case .commune: "commune"
        case .zoneEmploi: "zone d'emploi"
        case .bassinBMO: "bassin BMO"
        case .departement: "département"
        case .region: "région"
        case .france: "France"
        case .epci: "EPCI"
        case .custom: "bassin GPECT"
        case .etablissement: "établissement"
        }
    }

    /// Rank from finest to coarsest, used to order listings.
    public var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// A territory, always typed by its geography: `ze2020:2415`, `bassin-bmo:2401`, `dep:37`, `fr:FR`.
public struct TerritoryID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let geography: Geography
    public let code: String

    public init(_ geography: Geography, _ code: String) {
        self.geography = geography
        self.code = code
    }

    public static let france = TerritoryID(.france, "FR")

    /// Parses `ze2020:2415`; `nil` when the geography is unknown or the code empty.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"),
              let geography = Geography(rawValue: String(text[..<colon])) else { return nil }
        let code = String(text[text.index(after: colon)...])
        guard !code.isEmpty else { return nil }
        self.init(geography, code)
    }

    public var description: String { "\(geography.rawValue):\(code)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.geography, lhs.code) < (rhs.geography, rhs.code)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = TerritoryID(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a territory: '\(text)' (expected geography:code, e.g. ze2020:2415)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
