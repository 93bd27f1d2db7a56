import Foundation
import ZIPFoundation

/// A ZIP archive that wraps a data file (a CSV, an XLSX): pick the member by glob pattern,
/// extract it safely to a directory the caller owns.
///
/// Member names that are absolute or contain `..` are refused, links and directories too;
/// the inflated size is capped while extracting (not only from the header, which can lie).
public struct ZIPContainer: Sendable {
    /// The archive.
    public let url: URL
    /// Largest inflated member size accepted, in bytes (default 2 GiB).
    public let sizeLimit: UInt64
    /// File members in archive order (directories left out).
    public let memberNames: [String]

    /// Opens the archive and lists its members.
    /// - Throws: ``ZIPContainerError/notReadable(file:reason:)``.
    public init(url: URL, sizeLimit: UInt64 = 2 << 30) throws {
        self.url = url
        self.sizeLimit = sizeLimit
        let archive = try Self.open(url)
        memberNames = archive.filter { $0.type != .directory }.map(\.path)
    }

    private var fileName: String { url.lastPathComponent }

    /// The one member matching a glob pattern (`*`, `?`, `[a-z]`, `[!…]`). A pattern without
    /// `/` is matched against the last path component, so `*.xlsx` finds `data/x.xlsx`.
    /// - Throws: ``ZIPContainerError`` when none or several match, or the match is unsafe.
    public func member(matching pattern: String) throws -> String {
        let matches = memberNames.filter { Self.glob(pattern, matches: $0) }
        if let unsafe = matches.first(where: Self.isUnsafe) {
            throw ZIPContainerError.unsafeMemberPath(file: fileName, member: unsafe)
        }
        guard !matches.isEmpty else {
            throw ZIPContainerError.noMatch(file: fileName, pattern: pattern, members: memberNames)
        }
        guard matches.count == 1 else {
            throw ZIPContainerError.ambiguous(file: fileName, pattern: pattern, matches: matches)
        }
        return matches[0]
    }

    /// Extracts the member matching `pattern` into `directory` (see ``member(matching:)``).
    /// - Returns: the extracted file: `directory/<last path component of the member>`.
    @discardableResult
    public func extractMember(matching pattern: String, to directory: URL) throws -> URL {
        try extract(member: try member(matching: pattern), to: directory)
    }

    /// Extracts a member by exact name into `directory`, replacing a file of the same name.
    /// The data goes to a temporary name first, so a failure leaves no partial file.
    /// - Throws: ``ZIPContainerError`` (unsafe name, not a file, too large, corrupt, unwritable).
    @discardableResult
    public func extract(member name: String, to directory: URL) throws -> URL {
        if Self.isUnsafe(name) { throw ZIPContainerError.unsafeMemberPath(file: fileName, member: name) }
        let archive = try Self.open(url)
        guard let entry = archive[name] else {
            throw ZIPContainerError.noMatch(file: fileName, pattern: name, members: memberNames)
        }
        guard entry.type == .file else { throw ZIPContainerError.notAFile(file: fileName, member: name) }
        let baseName = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let destination = directory.appendingPathComponent(baseName)
        let partial = directory.appendingPathComponent(".\(baseName).partial-\(UUID().uuidString)")
        func writeFailure(_ error: any Error) -> ZIPContainerError {
            .cannotWrite(file: fileName, member: name, destination: destination.path, reason: "\(error)")
        }
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw writeFailure(CocoaError(.fileWriteUnknown))
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            do {
                try ZIPAccess.stream(archive, entry, limit: sizeLimit, chunkSize: 1 << 18) { try handle.write(contentsOf: $0) }
            } catch let failure as ZIPAccess.Failure {
                switch failure.kind {
                case .tooLarge: throw ZIPContainerError.tooLarge(file: fileName, member: name, limit: sizeLimit, detail: failure.reason)
                default: throw ZIPContainerError.corrupt(file: fileName, member: name, reason: failure.reason)
                }
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error is ZIPContainerError ? error : writeFailure(error)
        }
        // rename(2) replaces an existing file atomically.
        if rename(partial.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: partial)
            throw ZIPContainerError.cannotWrite(file: fileName, member: name, destination: destination.path, reason: reason)
        }
        return destination
    }

    // MARK: - Helpers

    private static func open(_ url: URL) throws -> Archive {
        do {
            return try ZIPAccess.open(url)
        } catch {
            throw ZIPContainerError.notReadable(file: url.lastPathComponent, reason: error.reason)
        }
    }

    /// Absolute paths (`/x`, `\x`, `C:x`) and `..` components, with either separator.
    public static func isUnsafe(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.hasPrefix("\\") { return true }
        let scalars = Array(name.unicodeScalars.prefix(2))
        if scalars.count == 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic { return true }
        return name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }

    /// Shell-style matching: `*` any run of characters except `/`, `?` one character,
    /// `[abc]`, `[a-z]`, `[!x]` one character of (or not of) a set. Without `/` in the pattern,
    /// only the name's last path component is matched.
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        let subject = pattern.contains("/") ? name : String(name.split(separator: "/").last ?? "")
        return match(Array(pattern), 0, Array(subject), 0)
    }

    private static func match(_ p: [Character], _ pi: Int, _ s: [Character], _ si: Int) -> Bool {
        var pi = pi, si = si
        while pi < p.count {
            switch p[pi] {
            case "*":
                for k in si...s.count {
                    if k > si && s[k - 1] == "/" { break }
                    if match(p, pi + 1, s, k) { return true }
                }
                return false
            case "?":
                guard si < s.count, s[si] != "/" else { return false }
            case "[":
                guard si < s.count, let close = p[(pi + 1)...].dropFirst().firstIndex(of: "]") else {
                    guard si < s.count, s[si] == "[" else { return false }
                    break
                }
                var set = Array(p[(pi + 1)..<close])
                let negated = set.first == "!" || set.first == "^"
                if negated { set.removeFirst() }
                var found = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count && set[k + 1] == "-" {
                        if set[k] <= s[si] && s[si] <= set[k + 2] { found = true }
                        k += 3
                    } else {
                        if set[k] == s[si] { found = true }
                        k += 1
                    }
                }
                guard found != negated else { return false }
                pi = close
            default:
                guard si < s.count, s[si] == p[pi] else { return false }
            }
            pi += 1
            si += 1
        }
        return si == s.count
    }
}
