import Foundation
import ZIPFoundation

/// Shared ZIPFoundation plumbing for ``XLSXReader`` and ``ZIPContainer``: opening an archive
/// with a readable reason on failure, and streaming one entry under a size cap.
enum ZIPAccess {
    /// Why an archive or an entry could not be read; callers wrap it in their own error.
    struct Failure: Error {
        enum Kind { case unreadableArchive, corruptEntry, tooLarge }
        let kind: Kind
        let reason: String
    }

    /// Opens an archive for reading.
    static func open(_ url: URL) throws(Failure) -> Archive {
        do {
            return try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(kind: .unreadableArchive, reason: reason(for: error, at: url))
        }
    }

    /// Streams an entry's bytes in chunks of about `chunkSize`, stopping with a `.tooLarge`
    /// failure as soon as more than `limit` bytes have come out (whatever the header says).
    /// Errors thrown by `consumer` pass through unchanged.
    static func stream(_ archive: Archive, _ entry: Entry, limit: UInt64, chunkSize: Int = 1 << 16,
                       _ consumer: (Data) throws -> Void) throws {
        if entry.uncompressedSize > limit {
            throw Failure(kind: .tooLarge, reason: "its header declares \(entry.uncompressedSize) bytes, over the limit of \(limit)")
        }
        var total: UInt64 = 0
        var consumerError: (any Error)?
        do {
            _ = try archive.extract(entry, bufferSize: chunkSize, skipCRC32: false) { data in
                total += UInt64(data.count)
                if total > limit {
                    throw Failure(kind: .tooLarge, reason: "more than \(limit) bytes once inflated")
                }
                do {
                    try consumer(data)
                } catch {
                    consumerError = error
                    throw error
                }
            }
        } catch {
            if let consumerError { throw consumerError }
            if let failure = error as? Failure { throw failure }
            throw Failure(kind: .corruptEntry, reason: reason(for: error, at: archive.url))
        }
    }

    /// Reads a whole (small) entry into memory.
    static func read(_ archive: Archive, _ entry: Entry, limit: UInt64) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 24)))
        try stream(archive, entry, limit: limit) { bytes.append(contentsOf: $0) }
        return bytes
    }

    static func reason(for error: any Error, at url: URL) -> String {
        if let error = error as? Archive.ArchiveError {
            switch error {
            case .missingEndOfCentralDirectoryRecord: return "ZIP central directory not found"
            case .unreadableArchive: return "ZIP structure unreadable"
            case .invalidCRC32: return "CRC check failed: the data is corrupt"
            case .invalidCompressionMethod: return "unsupported compression method"
            default: return "ZIP error \(error)"
            }
        }
        if let error = error as? POSIXError {
            return String(cString: strerror(error.code.rawValue))
        }
        if String(describing: error).contains("CompressionError") {
            return "deflate data corrupt"
        }
        return String(describing: error)
    }
}
