import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One writer per project folder: an advisory `flock` on `Cache/observatory.lock`, which holds
/// the pid and start time of the run that has it. The kernel releases the lock when that process
/// ends, however it ends, so a lock file left by a killed run never blocks the next one.
/// Read-only commands (`status`, `explain`, `check`) do not take it.
public final class RunLock: @unchecked Sendable {
    /// Who holds the lock, as its file says.
    public struct Holder: Sendable, Equatable {
        public var pid: Int32
        public var startedAt: String
        public var command: String
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// Another run holds the lock (`holder` is `nil` when it has not written its pid yet).
        case held(folder: String, holder: Holder?)
        case unusable(path: String, reason: String)

        public var description: String {
            switch self {
            case .held(let folder, let holder?):
                "another observatory run (pid \(holder.pid), \(holder.command), started at \(holder.startedAt)) holds the lock on \(folder); wait for it to end, or pass --wait"
            case .held(let folder, nil):
                "another observatory run holds the lock on \(folder); wait for it to end, or pass --wait"
            case .unusable(let path, let reason):
                "cannot take the run lock \(path): \(reason)"
            }
        }
    }

    private var descriptor: Int32
    public let url: URL

    private init(descriptor: Int32, url: URL) {
        self.descriptor = descriptor
        self.url = url
    }

    deinit { release() }

    /// `Cache/observatory.lock`.
    public static func file(_ layout: ProjectLayout) -> URL { layout.cache.appendingPathComponent("observatory.lock") }

    /// Takes the lock of `layout`'s project, or throws ``Failure/held(folder:holder:)`` at once;
    /// with `wait`, blocks until the run holding it ends (`waiting` is called first with its holder).
    public static func acquire(_ layout: ProjectLayout, command: String, wait: Bool = false, now: Date = Date(),
                               waiting: (Holder?) -> Void = { _ in }) throws(Failure) -> RunLock {
        let url = file(layout)
        do {
            try FileManager.default.createDirectory(at: layout.cache, withIntermediateDirectories: true)
        } catch {
            throw .unusable(path: url.path, reason: "cannot create \(layout.cache.path)")
        }
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unusable(path: url.path, reason: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK else {
                close(fd)
                throw .unusable(path: url.path, reason: String(cString: strerror(code)))
            }
            let holder = readHolder(fd)
            guard wait else {
                close(fd)
                throw .held(folder: layout.root.path, holder: holder)
            }
            waiting(holder)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw .unusable(path: url.path, reason: reason)
                }
            }
        }
        let formatter = ISO8601DateFormatter()
        let text = "pid \(getpid())\nstarted \(formatter.string(from: now))\ncommand \(command)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunLock(descriptor: fd, url: url)
    }

    /// Lets the next run in; the lock also goes when the process ends.
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        descriptor = -1
    }

    static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 512, 0) }
        guard count > 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let pid = fields["pid"].flatMap(Int32.init) else { return nil }
        return Holder(pid: pid, startedAt: fields["started"] ?? "?", command: fields["command"] ?? "?")
    }
}
