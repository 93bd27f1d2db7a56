import Foundation
import Observatory
import ObservatoryStore
import Testing

/// The two Formacode files, each with the layout its catalogue entry names. Expected numbers
/// were counted with Python's `csv` module.
@Suite(.enabled(if: ReferentialTestData.isAvailable, ReferentialTestData.absent))
struct FormacodeLoaderTests {
    static func load(_ name: String, into database: ObservatoryDatabase) throws -> ReferentialReport {
        let input = try ReferentialTestData.input("formacode", name, file: ReferentialTestData.url("lheo-schema/\(name)"))
        return try ReferentialTestData.load(input, into: database)
    }

    /// 3 048 records, 3 048 distinct five-digit codes (2 911 descriptors of 15 fields, 136
    /// public/modality entries of 4, one of 14).
    @Test func thesaurus() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("FCod-utf-8.csv", into: database)
        #expect(report.rows == 3048)
        #expect(report.summary == "3 048 Formacodes")
        #expect(try database.formacode("22403") == Formacode(code: "22403", label: "plaque plâtre"))
        #expect(try database.formacode("11001")?.label == "théorie graphes")
        #expect(try database.formacode("80015")?.label == "employé")
    }

    /// 466 rows, all ROME v2 codes (five digits), 1 380 well-formed Formacode items and one
    /// malformed one (`TRANSMISSION ENTREPRISE 1326u`, for 13260): nothing the store can hold.
    @Test func romeV2CorrespondenceIsNoted() throws {
        let database = try ObservatoryDatabase.inMemory()
        let report = try Self.load("RomeFCod-utf-8.csv", into: database)
        #expect(report.rows == 0)
        #expect(report.notes.count == 2)
        #expect(report.notes.first?.hasPrefix("466 ROME v2 codes (five digits, e.g. 11111) with 1 380 Formacode links not stored") == true)
        #expect(report.notes.last == "1 Formacode items without a five-digit code skipped: 32141: 'TRANSMISSION ENTREPRISE 1326u' (line 176)")
    }
}
