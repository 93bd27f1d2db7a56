import Foundation
import ObservatoryCore
@testable import ObservatoryIndicators

/// Indicator files written into a temporary folder and loaded, for the library tests.
enum IndicatorFiles {
    /// A valid indicator file `bad.yaml`; line 5 is the formula, which starts at column 10.
    static func base(formula: String = "percent(bmo.xmet / bmo.met)", unit: String = "percent",
                     chart: String = "bar", extra: String = "") -> String {
        """
        id: bad
        title: Part des projets difficiles
        description: Part des projets de recrutement jugés difficiles.
        unit: \(unit)
        formula: \(formula)
        geography: bassin-bmo
        periods: latest
        direction: lower_is_better
        source: France Travail, enquête BMO
        chart: \(chart)

        """ + extra
    }

    /// A valid file `id.yaml` with `formula` in `unit`.
    static func indicator(_ id: String, _ formula: String, unit: String = "count", extra: String = "") -> String {
        """
        id: \(id)
        title: Indicateur \(id)
        description: Pour les tests.
        unit: \(unit)
        formula: \(formula)
        geography: ze2020
        periods: series
        direction: neutral
        source: URSSAF
        chart: line

        """ + extra
    }

    /// Writes `files` (name → text, or raw bytes) and loads them with paths relative to the folder.
    static func load(_ files: [String: String], bytes: [String: [UInt8]] = [:]) throws -> Result<IndicatorLibrary, DiagnosticsError> {
        let folder = try FormulaFixtures.temporaryFolder("indicators")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        for (name, data) in bytes { try Data(data).write(to: folder.appendingPathComponent(name)) }
        do {
            return .success(try IndicatorLibrary.load(directory: folder, displayRoot: folder,
                                                      symbols: FormulaFixtures.symbols))
        } catch {
            return .failure(error)
        }
    }

    /// Every diagnostic, printed as the CLI prints it (with the source line and caret when known).
    static func diagnostics(_ files: [String: String], bytes: [String: [UInt8]] = [:]) throws -> [String] {
        switch try load(files, bytes: bytes) {
        case .success: []
        case .failure(let error): error.diagnostics.map(\.description)
        }
    }
}
