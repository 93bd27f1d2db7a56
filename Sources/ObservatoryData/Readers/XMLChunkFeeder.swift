import Foundation

/// Feeds inflated chunks of an XML part to ``XMLByteScanner``, keeping the bytes of a token
/// cut by a chunk boundary for the next chunk. Memory stays at about one chunk.
///
/// Text runs go to the handler in pieces as they come; any other token (a tag, a comment, a
/// CDATA section) longer than ``maxTokenBytes`` is an error, so a hostile part can neither make
/// the scan quadratic nor hold its bytes in memory.
struct XMLChunkFeeder {
    /// The longest tag, comment, processing instruction or CDATA section accepted (4 MiB).
    static let defaultMaxTokenBytes = 4 << 20
    let maxTokenBytes: Int
    private var buffer: [UInt8] = []
    private var scanner = XMLByteScanner()
    private(set) var finished = false

    init(maxTokenBytes: Int = XMLChunkFeeder.defaultMaxTokenBytes) { self.maxTokenBytes = maxTokenBytes }

    /// Bytes kept for the next chunk (an unfinished token).
    var bufferedBytes: Int { buffer.count }

    /// Appends `data` and hands every complete token to `handler`; with `final`, the data is
    /// the last and an unfinished token is an error. `handler` returns `false` to ignore the
    /// rest of the part.
    mutating func feed(_ data: Data, final: Bool,
                       _ handler: (UnsafePointer<UInt8>, XMLByteScanner.Token) throws -> Bool) throws {
        guard !finished else { return }
        buffer.append(contentsOf: data)
        let consumed: Int = try buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            while true {
                switch try scanner.next(base, count: bytes.count, final: final) {
                case .token(let token):
                    if try !handler(base, token) {
                        finished = true
                        return bytes.count
                    }
                case .needMore, .end:
                    return scanner.position
                }
            }
        }
        if consumed > 0 {
            buffer.removeSubrange(0..<consumed)
            scanner.position -= consumed
            if scanner.position < 0 { scanner.position = 0 }
        }
        if !finished && buffer.count > maxTokenBytes {
            throw XMLByteScanner.Failure(message: "a tag, comment or CDATA section longer than \(maxTokenBytes) bytes (limit)")
        }
    }
}
