/// The kind of file a catalogue entry expects; the fetcher checks it on the first bytes received.
public enum FileFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// A ZIP container (`PK\x03\x04`) of other files.
    case zip
    /// An Office Open XML workbook (itself a ZIP).
    case xlsx
    /// An XML document (not HTML).
    case xml
    /// Delimited text (CSV, TSV).
    case csv
    /// JSON text.
    case json
}
