import Foundation
import ObservatoryData
import ObservatoryStore

/// Loads an LHEO 2.2 catalogue of training offers (Carif-Oref, Intercarif).
///
/// A ``TrainingOffer`` has one place, so each `<formation>` gives one offer per distinct place
/// of its actions (`lieu-de-formation`), holding the sessions of the actions given there, in file
/// order. A formation given in one place (the usual case) keeps its `numero` (`07_10`) as id; one
/// given in several places gets `numero/first action numero` per place. The offer carries the
/// formation's Formacode, ROME and RNCP codes (of `domaine-formation` and `certification`, not the
/// training body's `potentiel`). The commune is the place's `code-INSEE-commune`; a place with
/// only a postal code gets no commune (it cannot be placed in a territory without a postal-code
/// table) and keeps the postal code in its label, with a note. A formation without action is one
/// offer without place or session.
enum LHEOLoader {
    static func load(_ input: ReferentialInput, into database: ObservatoryDatabase) throws -> ReferentialReport {
        var offers: [TrainingOffer] = []
        var ids = Set<String>()
        var postalOnly: [String] = [], unnumbered: [String] = [], reversed: [String] = []
        try LHEOFormation.read(from: input.file) { formation in
            let numero = formation.numero ?? "ligne-\(formation.line)"
            if formation.numero == nil { unnumbered.append(numero) }
            var places: [(key: String, actions: [LHEOFormation.Action])] = []
            for action in formation.actions {
                let key = placeKey(action.lieu)
                if let index = places.firstIndex(where: { $0.key == key }) {
                    places[index].actions.append(action)
                } else {
                    places.append((key, [action]))
                }
            }
            if places.isEmpty { places = [("", [])] }
            for place in places {
                let id = places.count == 1 ? numero : "\(numero)/\(place.actions.first?.numero ?? place.key)"
                guard ids.insert(id).inserted else {
                    throw ReferentialError.inconsistent(file: input.fileName, line: formation.line,
                                                        detail: "formation \(id) is given twice")
                }
                let lieu = place.actions.first?.lieu
                if lieu?.codeINSEECommune == nil, let postal = lieu?.codePostal { postalOnly.append("\(id) (\(postal))") }
                var sessions: [TrainingSession] = []
                for session in place.actions.flatMap(\.sessions) {
                    var end = session.fin
                    if let start = session.debut, let fin = end, fin < start {
                        reversed.append("\(id): \(start)–\(fin)")
                        end = nil
                    }
                    sessions.append(TrainingSession(start: session.debut?.description, end: end?.description))
                }
                offers.append(TrainingOffer(id: id, title: formation.intitule,
                                            formacodes: unique(formation.formacodes.map(\.code)),
                                            romeCodes: unique(formation.codesROME), rncpCodes: unique(formation.codesRNCP),
                                            communeCode: lieu?.codeINSEECommune, placeLabel: lieu.flatMap(label),
                                            sessions: sessions))
            }
        }
        guard !offers.isEmpty else { throw ReferentialError.empty(file: input.fileName, what: "<formation>") }
        let stored = try database.replaceTrainingOffers(source: input.sourceName, offers)
        let e = ReferentialText.examples, g = ReferentialText.grouped
        var notes: [String] = []
        if !postalOnly.isEmpty {
            notes.append("\(postalOnly.count) offers with a postal code but no INSEE commune code, not placed in a commune: \(e(postalOnly, 5))")
        }
        if !unnumbered.isEmpty { notes.append("\(unnumbered.count) formations without numero, named by line: \(e(unnumbered, 5))") }
        if !reversed.isEmpty { notes.append("\(reversed.count) sessions ending before they start, end date dropped: \(e(reversed, 5))") }
        let sessions = offers.reduce(0) { $0 + $1.sessions.count }
        let placed = offers.count(where: { $0.communeCode != nil })
        return ReferentialReport(rows: stored.rowCount,
                                 summary: "\(g(offers.count)) training offers (\(g(placed)) in a known commune), \(g(sessions)) sessions",
                                 notes: notes)
    }

    /// Places are told apart by commune code, else postal code and town.
    private static func placeKey(_ address: LHEOFormation.Address?) -> String {
        guard let address else { return "" }
        if let commune = address.codeINSEECommune { return commune }
        return [address.codePostal, address.ville].compactMap { $0 }.joined(separator: " ")
    }

    /// `Le Passoir, 37250 Veigné`: the address lines, postal code and town.
    private static func label(_ address: LHEOFormation.Address) -> String? {
        let town = [address.codePostal, address.ville].compactMap { $0 }.joined(separator: " ")
        let parts = address.lignes + (town.isEmpty ? [] : [town])
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    private static func unique(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }
}
