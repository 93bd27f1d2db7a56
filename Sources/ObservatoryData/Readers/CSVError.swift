import Foundation

/// A problem reading a CSV file; every message names the file, and the line when known.
public enum CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A byte does not decode in the encoding (declared, or detected from the first bytes).
    case invalidByte(file: String, line: Int, byte: UInt8, encoding: TextEncoding, declared: Bool)
    /// A quoted field is still open at the end of the file.
    case unterminatedQuote(file: String, line: Int)
    /// The file ends inside a record: its last line has no line end and fewer fields than the first.
    case truncatedRecord(file: String, line: Int, fields: Int, expected: Int)
    /// The file starts with a UTF-8 byte-order mark but a single-byte encoding was declared.
    case byteOrderMarkConflict(file: String, declared: TextEncoding)
    /// The file is UTF-16 or UTF-32 (byte-order mark), which the reader does not decode.
    case unsupportedUnicodeForm(file: String, form: String)
    /// The delimiter must be one ASCII character other than a quote or a line end.
    case invalidDelimiter(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read (\(reason))"
        case .invalidByte(let file, let line, let byte, let encoding, let declared):
            let hex = String(format: "0x%02X", byte)
            let how = declared
                ? "declared encoding \(encoding); is the file Latin-1?"
                : "encoding \(encoding) detected from the first bytes; the file mixes encodings"
            return "\(file):\(line): invalid \(encoding == .utf8 ? "UTF-8" : encoding.rawValue) byte \(hex) (\(how))"
        case .unterminatedQuote(let file, let line):
            return "\(file):\(line): quoted field opened on this line is never closed"
        case .truncatedRecord(let file, let line, let fields, let expected):
            return "\(file):\(line): the file ends inside this line (\(fields) of \(expected) fields, no line end): truncated download?"
        case .byteOrderMarkConflict(let file, let declared):
            return "\(file): starts with a UTF-8 byte-order mark but the declared encoding is \(declared)"
        case .unsupportedUnicodeForm(let file, let form):
            return "\(file): \(form) text is not supported; convert it to UTF-8"
        case .invalidDelimiter(let delimiter):
            return "invalid CSV delimiter '\(delimiter)': use one ASCII character such as ';', ',' or a tab"
        }
    }
}
