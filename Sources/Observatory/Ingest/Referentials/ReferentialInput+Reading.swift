import Foundation
import ObservatoryData

extension ReferentialInput {
    /// The catalogue's name of the file, as messages name it.
    var fileName: String { catalogFile.name }

    /// A CSV reader of `url` with the spec's encoding and delimiter, or these defaults
    /// (`nil`: detected by the reader).
    func csvReader(_ url: URL, delimiter: Character? = nil, encoding: TextEncoding? = nil) throws -> CSVReader {
        var declared = encoding
        if let label = spec.encoding {
            guard let parsed = TextEncoding(label: label) else {
                throw ReferentialError.badOption(file: fileName, option: "encoding", value: label,
                                                 allowed: TextEncoding.allCases.map(\.rawValue))
            }
            declared = parsed
        }
        return CSVReader(url: url, delimiter: spec.delimiter ?? delimiter, encoding: declared)
    }

    /// The `layout` option of the file's ingest spec, one of `allowed`.
    /// - Throws: ``ReferentialError/badOption(file:option:value:allowed:)`` when absent or unknown.
    func layout<Layout: RawRepresentable & CaseIterable>(_: Layout.Type) throws -> Layout where Layout.RawValue == String {
        let allowed = Layout.allCases.map(\.rawValue)
        guard let value = spec.options["layout"] else {
            throw ReferentialError.badOption(file: fileName, option: "layout", value: nil, allowed: allowed)
        }
        guard let layout = Layout(rawValue: value) else {
            throw ReferentialError.badOption(file: fileName, option: "layout", value: value, allowed: allowed)
        }
        return layout
    }
}

/// Small helpers shared by the referential loaders.
enum ReferentialText {
    /// A ROME 4.0 / v3 code: a letter A–N and four digits (`J1501`).
    static func isRomeCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, (UInt8(ascii: "A")...UInt8(ascii: "N")).contains(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Digits only, of the given length (`22403`, a ROME v2 code `11111`).
    static func isDigits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `1 584`: thousands grouped with a space, as summaries are read in French.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(" ") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    /// At most `limit` examples, then `…`: `J1501, K1302, …`.
    static func examples(_ items: [String], limit: Int = 5) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", …" : "")
    }

    /// Lower-cased, without diacritics: `Savoir-être professionnel` → `savoir-etre professionnel`.
    static func folded(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }
}
