import Foundation

/// Streams the records of a delimited text file (CSV, TSV), decoding each field once.
///
/// The file is read in chunks (``Options/chunkSize``), never whole. Handles double-quoted
/// fields (embedded delimiters, `""` escapes, embedded line ends), a UTF-8 byte-order mark,
/// line ends LF, CRLF, CR and NEL (`C2 85` in UTF-8, `0x85` in ISO-8859-1; in windows-1252
/// 0x85 is `…`). Every field is ``Cell/text(_:)`` or ``Cell/empty``; header handling is the
/// caller's (see ``SheetReader/forEachDataRow(header:requiring:_:)``; a file without a header,
/// such as Formacode's, uses ``HeaderLocation/absent(columnNames:)``).
public struct CSVReader: SheetReader {
    /// How to read the file; `nil` fields are detected from its first bytes.
    public struct Options: Sendable, Hashable {
        /// The field delimiter, one ASCII character; `nil` = the most frequent of `;`, `,` and
        /// tab on the first line (`,` when none occurs).
        public var delimiter: Character?
        /// The encoding; `nil` = detected: valid UTF-8 → UTF-8, otherwise windows-1252.
        public var encoding: TextEncoding?
        /// Bytes read at a time (and the sample used for detection).
        public var chunkSize: Int
        /// The longest record accepted, in bytes (16 MiB; published lines are under 2 KB): a
        /// longer one, or a quote never closed, is an error, not a buffer that grows with the file.
        public var maxRecordBytes: Int

        public init(delimiter: Character? = nil, encoding: TextEncoding? = nil, chunkSize: Int = 1 << 20,
                    maxRecordBytes: Int = 16 << 20) {
            self.delimiter = delimiter
            self.encoding = encoding
            self.chunkSize = chunkSize
            self.maxRecordBytes = maxRecordBytes
        }
    }

    /// The file.
    public let url: URL
    /// How the file is read.
    public let options: Options

    /// A reader of `url`; nothing is read until ``forEachRow(_:)`` or ``dialect()``.
    public init(url: URL, options: Options = Options()) {
        self.url = url
        self.options = options
    }

    /// A reader of `url` with a declared delimiter and/or encoding (`nil`: detected).
    public init(url: URL, delimiter: Character? = nil, encoding: TextEncoding? = nil) {
        self.init(url: url, options: Options(delimiter: delimiter, encoding: encoding))
    }

    /// The file name.
    public var sourceDescription: String { url.lastPathComponent }

    /// The delimiter, encoding and byte-order mark the reader uses for this file: declared
    /// values, or what it detects from the first chunk. Reads one chunk.
    ///
    /// A detected encoding is UTF-8 when the first chunk is pure ASCII; the reader then
    /// switches to windows-1252 at the first field that is not UTF-8.
    public func dialect() throws -> CSVDialect {
        let stream = try open()
        let capacity = max(options.chunkSize, 4096)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        let count = try fill(stream, buffer, capacity)
        return try dialect(UnsafeBufferPointer(start: buffer, count: count), isWholeFile: count < capacity).dialect
    }

    /// Streams the records (see ``SheetReader/forEachRow(_:)``); the row number is the line
    /// on which a record starts. Throws ``CSVError``.
    public func forEachRow(_ body: (_ rowNumber: Int, _ cells: [Cell]) throws -> Void) throws {
        try forEachRowNotingEnd { number, cells, _ in try body(number, cells) }
    }

    /// Streams the records, each with whether it is a last line without its line end (see
    /// ``SheetReader/forEachRowNotingEnd(_:)``).
    public func forEachRowNotingEnd(_ body: (_ rowNumber: Int, _ cells: [Cell], _ endsWithoutLineEnd: Bool) throws -> Void) throws {
        var cells: [Cell] = []
        try forEachRecord { record in
            record.cells(into: &cells)
            try body(record.line, cells, record.endsWithoutLineEnd)
        }
    }

    /// Streams the non-empty records as bytes, decoding nothing (see ``CSVRecord``); throw
    /// ``StopReading`` to end early. The records of a buffer are found and checked before the
    /// first of them is handed over, but an error is thrown only after the records before it.
    func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        let stream = try open()
        var capacity = max(options.chunkSize, 4096)
        var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { storage.deallocate() }
        var count = try fill(stream, storage, capacity)
        var eof = count < capacity
        let (dialect, start) = try dialect(UnsafeBufferPointer(start: storage, count: count), isWholeFile: eof)
        var parser = CSVParser(file: sourceDescription, delimiter: UInt8(ascii: dialect.delimiter),
                               encoding: dialect.encoding, declared: !dialect.encodingWasDetected,
                               tentative: dialect.encodingWasDetected && dialect.encoding == .utf8 && !eof
                                   && !containsNonASCII(UnsafeBufferPointer(start: storage, count: count)))
        defer { parser.release() }
        var records = CSVRecordSpans()
        defer { records.release() }
        var position = start
        do {
            while true {
                records.removeAll()
                var failure: (any Error)?
                do {
                    position = try parser.tokenize(UnsafeMutableBufferPointer(start: storage, count: count), from: position,
                                                   eof: eof, into: &records)
                } catch {
                    failure = error
                }
                try Self.deliver(records, base: storage, encoding: parser.encoding, body)
                if let failure { throw failure }
                if eof { break }
                // Keep the incomplete record, then read more behind it.
                let remaining = count - position
                if position > 0 {
                    memmove(storage, storage + position, remaining)
                } else if remaining == capacity {
                    guard capacity < options.maxRecordBytes else {
                        throw CSVError.recordTooLong(file: sourceDescription, line: parser.line, limit: options.maxRecordBytes)
                    }
                    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                    larger.initialize(from: storage, count: remaining)
                    storage.deallocate()
                    storage = larger
                    capacity *= 2
                }
                count = remaining
                position = 0
                let n = try read(stream, storage + count, capacity - count)
                count += n
                eof = n == 0
            }
        } catch is StopReading {
            return
        }
    }

    /// Hands each record of `records` to `body`.
    static func deliver(_ records: CSVRecordSpans, base: UnsafePointer<UInt8>, encoding: TextEncoding,
                                _ body: (CSVRecord) throws -> Void) throws {
        guard records.count > 0 else { return }
        for index in 0..<records.count {
            let first = Int(records.recordStarts[index])
            let record = CSVRecord(base: base, starts: records.fieldStarts.base + first, ends: records.fieldEnds.base + first,
                                   count: Int(records.recordStarts[index + 1]) - first, line: records.lines[index],
                                   endsWithoutLineEnd: index == records.count - 1 && records.lastEndsWithoutLineEnd,
                                   encoding: encoding)
            try body(record)
        }
    }

    // MARK: - Helpers

    private func open() throws -> FileByteStream {
        do {
            return try FileByteStream(url: url)
        } catch {
            throw CSVError.unreadable(file: sourceDescription, reason: error.reason)
        }
    }

    private func fill(_ stream: FileByteStream, _ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int {
        do {
            return try stream.readFully(into: buffer, count: capacity)
        } catch {
            throw CSVError.unreadable(file: sourceDescription, reason: error.reason)
        }
    }

    private func read(_ stream: FileByteStream, _ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) throws -> Int {
        do {
            return try stream.read(into: buffer, count: capacity)
        } catch {
            throw CSVError.unreadable(file: sourceDescription, reason: error.reason)
        }
    }

    private func containsNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.contains { $0 >= 0x80 }
    }

    /// Works out the dialect from the first chunk; also returns where the data starts (after a BOM).
    private func dialect(_ sample: UnsafeBufferPointer<UInt8>, isWholeFile: Bool) throws -> (dialect: CSVDialect, start: Int) {
        let file = sourceDescription
        if sample.count >= 2 && ((sample[0] == 0xFF && sample[1] == 0xFE) || (sample[0] == 0xFE && sample[1] == 0xFF)) {
            throw CSVError.unsupportedUnicodeForm(file: file, form: "UTF-16")
        }
        let hasBOM = sample.count >= 3 && sample[0] == 0xEF && sample[1] == 0xBB && sample[2] == 0xBF
        let start = hasBOM ? 3 : 0
        let body = UnsafeBufferPointer(rebasing: sample[start...])
        let encoding: TextEncoding
        if let declared = options.encoding {
            if hasBOM && declared != .utf8 { throw CSVError.byteOrderMarkConflict(file: file, declared: declared) }
            encoding = declared
        } else {
            encoding = hasBOM ? .utf8 : TextEncoding.detect(body, isWholeFile: isWholeFile)
        }
        let delimiter: Unicode.Scalar
        if let declared = options.delimiter {
            guard declared.unicodeScalars.count == 1, let scalar = declared.unicodeScalars.first, scalar.isASCII,
                  !["\"", "\n", "\r"].contains(scalar) else {
                throw CSVError.invalidDelimiter(String(declared))
            }
            delimiter = scalar
        } else {
            delimiter = Self.detectDelimiter(body)
        }
        return (CSVDialect(delimiter: delimiter, encoding: encoding, encodingWasDetected: options.encoding == nil,
                           hasByteOrderMark: hasBOM), start)
    }

    /// The most frequent of `;`, `,` and tab outside quotes on the first line; `,` if none.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        var semicolons = 0, commas = 0, tabs = 0
        var inQuotes = false
        for byte in bytes {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D { break }
            switch byte {
            case 0x3B: semicolons += 1
            case 0x2C: commas += 1
            case 0x09: tabs += 1
            default: break
            }
        }
        if semicolons >= commas && semicolons >= tabs && semicolons > 0 { return ";" }
        if tabs > commas { return "\t" }
        return ","
    }
}

/// How a CSV file is written, as declared or detected.
public struct CSVDialect: Sendable, Hashable {
    /// The field delimiter.
    public var delimiter: Unicode.Scalar
    /// The encoding fields are decoded with.
    public var encoding: TextEncoding
    /// Whether the encoding was detected rather than declared.
    public var encodingWasDetected: Bool
    /// Whether the file starts with a UTF-8 byte-order mark (skipped).
    public var hasByteOrderMark: Bool
}
