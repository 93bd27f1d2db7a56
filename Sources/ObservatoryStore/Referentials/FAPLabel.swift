/// The two FAP nomenclatures (familles professionnelles, DARES): BMO uses FAP-2009 codes up to
/// 2023 and FAP-2021 codes from 2024.
public enum FAPNomenclature: String, Sendable, Hashable, CaseIterable {
    case fap2009 = "FAP-2009"
    case fap2021 = "FAP-2021"
}

/// The label of a FAP code at some level of its nomenclature.
public struct FAPLabel: Sendable, Hashable {
    public var code: String
    public var label: String
    public var nomenclature: FAPNomenclature
    /// The level as the publisher names it (`FAP341`, `FAP228`, `FAP86`, `FAP22`); `nil` when not given.
    /// A code published at two levels with the same label (`A0X40`) is given once.
    public var level: String?
    /// The code one level up; `nil` at the top.
    public var parentCode: String?

    public init(code: String, label: String, nomenclature: FAPNomenclature, level: String? = nil,
                parentCode: String? = nil) {
        self.code = code
        self.label = label
        self.nomenclature = nomenclature
        self.level = level
        self.parentCode = parentCode
    }
}

/// A FAP code corresponds to a ROME code (many-to-many).
public struct FAPRomeLink: Sendable, Hashable {
    public var fapCode: String
    public var romeCode: String
    public var nomenclature: FAPNomenclature

    public init(fapCode: String, romeCode: String, nomenclature: FAPNomenclature) {
        self.fapCode = fapCode
        self.romeCode = romeCode
        self.nomenclature = nomenclature
    }
}

/// One row of DARES's passage table: a ROME code at a qualification level (0–9) goes to one FAP code.
public struct FAPRomeQualification: Sendable, Hashable {
    public var romeCode: String
    /// The qualification level of the passage table, 0–9.
    public var qualification: Int
    public var fapCode: String
    public var nomenclature: FAPNomenclature

    public init(romeCode: String, qualification: Int, fapCode: String, nomenclature: FAPNomenclature) {
        self.romeCode = romeCode
        self.qualification = qualification
        self.fapCode = fapCode
        self.nomenclature = nomenclature
    }
}
