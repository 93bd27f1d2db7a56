import Foundation
import ObservatoryCore

/// Opens the table a spec points at: a CSV, a sheet of an XLSX, or either inside a ZIP.
public enum TableSource {
    /// - Parameters:
    ///   - file: the cached file.
    ///   - displayName: its name in messages (the catalogue's file name).
    ///   - workDirectory: where a ZIP member is extracted (the caller removes it).
    public static func open(_ file: URL, displayName: String, spec: IngestSpec, template: VintageTemplate,
                            workDirectory: URL) throws -> any SheetReader {
        switch try openTable(file, displayName: displayName, spec: spec, template: template, workDirectory: workDirectory) {
        case .csv(let reader, let name): reader.describing(as: name)
        case .sheet(let reader): reader
        }
    }

    /// A table as ``open(_:displayName:spec:template:workDirectory:)`` finds it: a CSV file, whose
    /// records an ingest reads as bytes, named in messages as `name`; or a workbook's sheet.
    enum Table {
        case csv(CSVReader, name: String)
        case sheet(any SheetReader)
    }

    static func openTable(_ file: URL, displayName: String, spec: IngestSpec, template: VintageTemplate,
                          workDirectory: URL) throws -> Table {
        var url = file
        var name = displayName
        let kind = try FileKind.detect(file)
        if kind == .zip {
            let container = try ZIPContainer(url: file)
            let pattern = spec.member.map(template.fill) ?? "*.xlsx"
            let member = try container.member(matching: pattern)
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
            url = try container.extract(member: member, to: workDirectory)
            name = "\(displayName) → \(member)"
        }
        switch try FileKind.detect(url) {
        case .xlsx:
            let workbook = try XLSXReader(url: url)
            switch spec.sheet {
            case .name(let sheet)?: return .sheet(try workbook.sheet(named: template.fill(sheet)).describing(as: name))
            case .position(let position)?: return .sheet(try workbook.sheet(at: position).describing(as: name))
            case nil: return .sheet(try workbook.sheet(at: 1).describing(as: name))
            }
        case .text:
            var options = CSVReader.Options()
            options.delimiter = spec.delimiter
            if let encoding = spec.encoding {
                guard let declared = TextEncoding(label: encoding) else {
                    throw IngestError.configuration(source: name, message: "unknown encoding '\(encoding)'")
                }
                options.encoding = declared
            }
            return .csv(CSVReader(url: url, options: options), name: name)
        case let other:
            throw IngestError.unreadable(source: name, reason: "expected a CSV or XLSX table, found \(other.label)")
        }
    }
}

/// A reader whose messages name the file as the catalogue does.
struct RenamedSheet: SheetReader {
    let base: any SheetReader
    let name: String
    var sourceDescription: String { name }
    func forEachRow(_ body: (Int, [Cell]) throws -> Void) throws { try base.forEachRow(body) }
    func forEachRowNotingEnd(_ body: (Int, [Cell], Bool) throws -> Void) throws { try base.forEachRowNotingEnd(body) }
}

extension SheetReader {
    /// This reader, its messages naming `name` (and the sheet, for a workbook).
    func describing(as name: String) -> any SheetReader {
        let own = sourceDescription
        if let comma = own.range(of: ", sheet ") {
            return RenamedSheet(base: self, name: name + own[comma.lowerBound...])
        }
        return RenamedSheet(base: self, name: name)
    }
}
