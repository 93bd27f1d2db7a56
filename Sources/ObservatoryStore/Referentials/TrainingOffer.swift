/// A training offer from a Carif-Oref catalogue (LHEO `formation`).
public struct TrainingOffer: Sendable, Hashable {
    /// The catalogue's identifier (LHEO `numero`), e.g. `07_10`.
    public var id: String
    public var title: String
    public var formacodes: [String]
    public var romeCodes: [String]
    /// RNCP numbers as the catalogue gives them (`320`).
    public var rncpCodes: [String]
    /// The INSEE code of the commune where it takes place; `nil` when unknown.
    public var communeCode: String?
    /// The place as published (organisation, town); `nil` when none.
    public var placeLabel: String?
    public var sessions: [TrainingSession]

    public init(id: String, title: String, formacodes: [String] = [], romeCodes: [String] = [],
                rncpCodes: [String] = [], communeCode: String? = nil, placeLabel: String? = nil,
                sessions: [TrainingSession] = []) {
        self.id = id
        self.title = title
        self.formacodes = formacodes
        self.romeCodes = romeCodes
        self.rncpCodes = rncpCodes
        self.communeCode = communeCode
        self.placeLabel = placeLabel
        self.sessions = sessions
    }
}

/// A session of a training offer.
public struct TrainingSession: Sendable, Hashable {
    /// First day, ISO `YYYY-MM-DD`; `nil` when not published (e.g. permanent entry).
    public var start: String?
    /// Last day, ISO `YYYY-MM-DD`, not before `start`; `nil` when not published.
    public var end: String?

    public init(start: String?, end: String?) {
        self.start = start
        self.end = end
    }
}
