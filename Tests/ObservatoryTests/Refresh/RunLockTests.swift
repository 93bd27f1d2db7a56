import Foundation
@testable import Observatory
import Testing

/// One writer per project folder; the lock goes with the process that held it.
@Suite struct RunLockTests {
    static func project() throws -> ProjectLayout {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("runlock-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return ProjectLayout(root: root)
    }

    @Test func aSecondRunFailsFastNamingTheFirst() throws {
        let layout = try Self.project()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let first = try RunLock.acquire(layout, command: "refresh", now: start)
        let error = try #require(throws: RunLock.Failure.self) { try RunLock.acquire(layout, command: "export") }
        #expect(error == .held(folder: layout.root.path, holder: .init(pid: getpid(), startedAt: "2026-05-28T20:26:40Z", command: "refresh")))
        #expect(error.description.hasPrefix("another observatory run (pid \(getpid()), refresh, started at 2026-05-28T20:26:40Z) holds the lock on \(layout.root.path)"))
        first.release()
        let second = try RunLock.acquire(layout, command: "export")
        second.release()
    }

    @Test func aStaleLockFileOfADeadRunDoesNotBlock() throws {
        let layout = try Self.project()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        try FileManager.default.createDirectory(at: layout.cache, withIntermediateDirectories: true)
        try Data("pid 999999\nstarted 2026-01-01T00:00:00Z\ncommand ingest\n".utf8).write(to: RunLock.file(layout))
        let lock = try RunLock.acquire(layout, command: "ingest")
        let text = try String(contentsOf: RunLock.file(layout), encoding: .utf8)
        #expect(text.hasPrefix("pid \(getpid())\n"))
        lock.release()
    }

    @Test func waitingTakesTheLockWhenTheFirstRunEnds() async throws {
        let layout = try Self.project()
        defer { try? FileManager.default.removeItem(at: layout.root) }
        let first = try RunLock.acquire(layout, command: "refresh")
        let waited = Task.detached { () throws -> Bool in
            var sawHolder = false
            let lock = try RunLock.acquire(layout, command: "export", wait: true) { sawHolder = $0?.command == "refresh" }
            lock.release()
            return sawHolder
        }
        try await Task.sleep(for: .milliseconds(200))
        first.release()
        #expect(try await waited.value)
    }
}
