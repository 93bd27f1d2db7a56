import Crypto
import Foundation
import ObservatoryCore

/// Streams a 2xx body into the cache's temporary file through a ``FileWriter``: the transport's
/// thread only copies each chunk, the writer's queue hashes and writes it.
///
/// A `206` continues an earlier partial file (its bytes are hashed first); a `200` restarts the file
/// from zero, which is what a server that ignores `Range` sends. Other statuses are not written:
/// the first bytes are kept for the error message. Call ``finish()`` once the transfer ended, then
/// read ``size``, ``prefix``, ``failure`` and ``sha256``.
final class DownloadSink: ResponseSink, @unchecked Sendable {
    let path: String
    private let infoPath: String
    private let url: String
    private let resumeFrom: Int64
    private let writer: FileWriter
    // Set on the transport's thread, read once the transfer ended.
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    /// The first bytes of a non-2xx body, for the error message.
    private(set) var errorBody: [UInt8] = []
    private var refusal: String?
    // Set by finish().
    private var result: FileWriter.Result?
    static let prefixLength = 1024

    /// Opens the temporary file at `path`, keeping its first `resumeFrom` bytes. Once a 2xx answer
    /// with a validator arrives, `infoPath` records how to resume, so that even a killed process
    /// leaves a resumable partial file. The writer holds at most `maxChunks` buffers of `pool`.
    init(path: String, infoPath: String, url: String, resumeFrom: Int64,
         pool: ChunkPool = .shared, maxChunks: Int = 4, write: @escaping FileWriter.WriteCall = FileWriter.systemWrite) throws {
        self.path = path
        self.infoPath = infoPath
        self.url = url
        self.resumeFrom = resumeFrom
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SinkError("cannot open \(path): \(SystemError.text(errno: errno))") }
        var hasher = SHA256()
        var prefix: [UInt8] = []
        do {
            if resumeFrom > 0 { try Self.hashExisting(descriptor, path: path, upTo: resumeFrom, into: &hasher, prefix: &prefix) }
        } catch {
            _ = Foundation.close(descriptor)
            throw error
        }
        ftruncate(descriptor, off_t(resumeFrom))
        lseek(descriptor, off_t(resumeFrom), SEEK_SET)
        writer = FileWriter(descriptor: descriptor, path: path, size: resumeFrom, hasher: hasher, prefix: prefix,
                            pool: pool, maxChunks: maxChunks, prefixLength: Self.prefixLength, write: write)
    }

    /// Waits until every byte is written, flushes a 2xx body to disk (so that the rename that
    /// follows is crash-safe, and a kept partial file holds what its size says) and closes the file.
    /// Call once, when the transfer ended, however it ended.
    func finish() async {
        result = await writer.finish(sync: isSuccess)
    }

    /// Bytes in the temporary file (after ``finish()``).
    var size: Int64 { result?.size ?? resumeFrom }
    /// The first bytes of the file, for the format check (after ``finish()``).
    var prefix: [UInt8] { result?.prefix ?? [] }
    /// The hex SHA-256 of the file (after ``finish()``).
    var sha256: String { result?.sha256 ?? "" }
    /// Why the body could not be stored: a refused resume, or a failed write.
    var failure: String? { refusal ?? result?.failure?.message }
    /// Whether `failure` will not go away by trying again (a full disk, no permission).
    var failureIsPermanent: Bool { refusal == nil && result?.failure?.isPermanent == true }

    var isSuccess: Bool { status == 200 || status == 206 }

    func begin(status: Int, headers: HTTPHeaders) -> Bool {
        self.status = status
        self.headers = headers
        switch status {
        case 206:
            guard let start = Self.rangeStart(headers["content-range"]), start == resumeFrom else {
                refusal = "the server resumed at the wrong offset (\(headers["content-range"] ?? "no Content-Range"), wanted \(resumeFrom))"
                return false
            }
        case 200:
            if resumeFrom > 0 { writer.restart() }
        default:
            return true
        }
        let info = PartialInfo(url: url, etag: headers["etag"], lastModified: headers["last-modified"])
        let data = headers["content-encoding"] == nil && info.ifRange != nil ? try? JSONEncoder().encode(info) : nil
        let infoPath = self.infoPath
        // A file write too: on the writer's queue, not the transport's thread.
        writer.perform {
            if let data { try? data.write(to: URL(fileURLWithPath: infoPath), options: .atomic) } else { unlink(infoPath) }
        }
        return true
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isSuccess else {
            if errorBody.count < 512 { errorBody.append(contentsOf: bytes.prefix(512 - errorBody.count)) }
            return true
        }
        return writer.append(bytes)
    }

    private static func hashExisting(_ descriptor: Int32, path: String, upTo length: Int64,
                                     into hasher: inout SHA256, prefix: inout [UInt8]) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = length
        lseek(descriptor, 0, SEEK_SET)
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, Int(min(Int64($0.count), remaining))) }
            guard count > 0 else { throw SinkError("cannot read the partial file \(path)") }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            if prefix.count < prefixLength { prefix.append(contentsOf: buffer.prefix(min(count, prefixLength - prefix.count))) }
            remaining -= Int64(count)
        }
    }

    /// `bytes 1000-1999/5000` → 1000.
    static func rangeStart(_ header: String?) -> Int64? {
        guard let header, header.lowercased().hasPrefix("bytes ") else { return nil }
        let range = header.dropFirst(6).split(separator: "/").first ?? ""
        return range.split(separator: "-").first.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// `bytes 1000-1999/5000` → 5000.
    static func rangeTotal(_ header: String?) -> Int64? {
        guard let header, let slash = header.lastIndex(of: "/") else { return nil }
        return Int64(header[header.index(after: slash)...].trimmingCharacters(in: .whitespaces))
    }
}

struct SinkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
