import Crypto
import Foundation
import ObservatoryCore

/// Streams a 2xx body into the cache's temporary file, hashing it on the way.
///
/// A `206` continues an earlier partial file (its bytes are hashed first); a `200` restarts the file
/// from zero, which is what a server that ignores `Range` sends. Other statuses are not written:
/// the first bytes are kept for the error message.
final class DownloadSink: ResponseSink, @unchecked Sendable {
    let path: String
    private let infoPath: String
    private let url: String
    private let resumeFrom: Int64
    private var descriptor: Int32 = -1
    private var hasher = SHA256()
    private(set) var status = 0
    private(set) var headers = HTTPHeaders()
    /// Bytes in the temporary file.
    private(set) var size: Int64 = 0
    /// The first bytes of the file, for the format check.
    private(set) var prefix: [UInt8] = []
    /// The first bytes of a non-2xx body, for the error message.
    private(set) var errorBody: [UInt8] = []
    private(set) var failure: String?
    /// Whether `failure` will not go away by trying again (a full disk, no permission).
    private(set) var failureIsPermanent = false
    static let prefixLength = 1024

    /// Opens the temporary file at `path`, keeping its first `resumeFrom` bytes. Once a 2xx answer
    /// with a validator arrives, `infoPath` records how to resume, so that even a killed process
    /// leaves a resumable partial file.
    init(path: String, infoPath: String, url: String, resumeFrom: Int64) throws {
        self.path = path
        self.infoPath = infoPath
        self.url = url
        self.resumeFrom = resumeFrom
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw SinkError("cannot open \(path): \(SystemError.text(errno: errno))") }
        if resumeFrom > 0 { try hashExisting(upTo: resumeFrom) }
        ftruncate(descriptor, off_t(resumeFrom))
        lseek(descriptor, off_t(resumeFrom), SEEK_SET)
        size = resumeFrom
    }

    deinit { close() }

    /// Flushes the file to disk (so that the rename that follows is crash-safe) and closes it.
    func close() {
        if descriptor >= 0 { _ = fdatasync(descriptor); _ = Foundation.close(descriptor) }
        descriptor = -1
    }

    /// The hex SHA-256 of the bytes written so far; call once, at the end.
    func finalizeDigest() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    var isSuccess: Bool { status == 200 || status == 206 }

    func begin(status: Int, headers: HTTPHeaders) -> Bool {
        self.status = status
        self.headers = headers
        switch status {
        case 206:
            guard let start = Self.rangeStart(headers["content-range"]), start == resumeFrom else {
                failure = "the server resumed at the wrong offset (\(headers["content-range"] ?? "no Content-Range"), wanted \(resumeFrom))"
                return false
            }
        case 200:
            if resumeFrom > 0 { restart() }
        default:
            return true
        }
        let info = PartialInfo(url: url, etag: headers["etag"], lastModified: headers["last-modified"])
        if headers["content-encoding"] == nil, info.ifRange != nil, let data = try? JSONEncoder().encode(info) {
            try? data.write(to: URL(fileURLWithPath: infoPath), options: .atomic)
        } else {
            unlink(infoPath)
        }
        return true
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard isSuccess else {
            if errorBody.count < 512 { errorBody.append(contentsOf: bytes.prefix(512 - errorBody.count)) }
            return true
        }
        if prefix.count < Self.prefixLength { prefix.append(contentsOf: bytes.prefix(Self.prefixLength - prefix.count)) }
        hasher.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                failure = "cannot write \(path): \(SystemError.text(errno: code))"
                failureIsPermanent = SystemError.isPermanent(errno: code)
                return false
            }
            offset += written
        }
        size += Int64(bytes.count)
        return true
    }

    private func restart() {
        ftruncate(descriptor, 0)
        lseek(descriptor, 0, SEEK_SET)
        hasher = SHA256()
        prefix = []
        size = 0
    }

    private func hashExisting(upTo length: Int64) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = length
        lseek(descriptor, 0, SEEK_SET)
        while remaining > 0 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, Int(min(Int64($0.count), remaining))) }
            guard count > 0 else { throw SinkError("cannot read the partial file \(path)") }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            if prefix.count < Self.prefixLength { prefix.append(contentsOf: buffer.prefix(min(count, Self.prefixLength - prefix.count))) }
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
