extension LHEOFormation {
    /// A Formacode code with its thesaurus version (`V12`) and whether it is the main one.
    public struct Formacode: Sendable, Hashable {
        public var code: String
        public var version: String?
        public var isPrincipal: Bool
    }

    /// An action: one way the training is delivered (a place, sessions, funders).
    public struct Action: Sendable, Hashable {
        public var numero: String?
        /// `rythme-formation`.
        public var rythme: String?
        /// The address of `lieu-de-formation`.
        public var lieu: Address?
        public var sessions: [Session]
        /// `organisme-financeur` entries.
        public var financeurs: [Funder]

        init(record: XMLRecord) {
            numero = record.attributes["numero"]
            rythme = record.value("rythme-formation")
            lieu = record.first("lieu-de-formation", "coordonnees", "adresse").map(Address.init(record:))
            sessions = record.children("session").map(Session.init(record:))
            financeurs = record.children("organisme-financeur").map {
                Funder(code: $0.value("code-financeur"), places: $0.value("nb-places-financees").flatMap { Int($0) })
            }
        }
    }

    /// A postal address with its commune code and coordinates.
    public struct Address: Sendable, Hashable {
        public var lignes: [String]
        public var codePostal: String?
        public var ville: String?
        public var departement: String?
        /// `code-INSEE-commune` (COG code), the key to territories.
        public var codeINSEECommune: String?
        public var region: String?
        public var latitude: Double?
        public var longitude: Double?

        init(record: XMLRecord) {
            lignes = record.values("ligne")
            codePostal = record.value("codepostal")
            ville = record.value("ville")
            departement = record.value("departement")
            codeINSEECommune = record.value("code-INSEE-commune")
            region = record.value("region")
            latitude = record.value("geolocalisation", "latitude").flatMap { Double($0) }
            longitude = record.value("geolocalisation", "longitude").flatMap { Double($0) }
        }
    }

    /// A session: dates of one run of an action.
    public struct Session: Sendable, Hashable {
        public var numero: String?
        /// `periode/debut`; `nil` when absent or unknown (`00000000`).
        public var debut: LHEODate?
        /// `periode/fin`; `nil` when absent or unknown.
        public var fin: LHEODate?

        init(record: XMLRecord) {
            numero = record.attributes["numero"]
            debut = record.value("periode", "debut").flatMap(LHEODate.init(lheo:))
            fin = record.value("periode", "fin").flatMap(LHEODate.init(lheo:))
        }
    }

    /// A funder of an action and the places it funds.
    public struct Funder: Sendable, Hashable {
        /// `code-financeur` (LHEO dictionary: 2 = Région, 5 = France Travail, 10 = …).
        public var code: String?
        /// `nb-places-financees`.
        public var places: Int?
    }

    /// The organisation responsible for the offer.
    public struct Organisme: Sendable, Hashable {
        public var numero: String?
        public var nom: String?
        public var siret: String?

        init(record: XMLRecord) {
            numero = record.attributes["numero"]
            nom = record.value("nom-organisme")
            siret = record.value("SIRET-organisme-formation", "SIRET")
        }
    }
}

/// A calendar day written `YYYYMMDD` as LHEO does; `00000000` means unknown.
public struct LHEODate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `20171204`; `nil` for `00000000` or anything that is not a valid date form.
    public init?(lheo text: String) {
        guard text.count == 8, let value = Int(text), value > 0 else { return nil }
        year = value / 10000
        month = value / 100 % 100
        day = value % 100
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    }

    /// `2017-12-04`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
