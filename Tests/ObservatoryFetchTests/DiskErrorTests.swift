import Foundation
import ObservatoryCore
import ObservatoryExport
@testable import ObservatoryFetch
import Testing

/// A full disk or a permission problem is said in one line and not retried.
@Suite struct DiskErrorTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "skipped: no /dev/full"))
    func aFullDiskIsPermanentAndSaidPlainly() async throws {
        let info = FileManager.default.temporaryDirectory.appendingPathComponent("info-\(UUID().uuidString)").path
        let sink = try DownloadSink(path: "/dev/full", infoPath: info, url: "http://127.0.0.1/x.csv", resumeFrom: 0)
        #expect(sink.begin(status: 200, headers: HTTPHeaders()))
        let bytes = [UInt8](repeating: 0x41, count: 4096)
        // The write happens on the writer's queue: the failure is known once the sink finished.
        _ = bytes.withUnsafeBytes { sink.write($0) }
        await sink.finish()
        #expect(sink.failure == "cannot write /dev/full: disk full (No space left on device)")
        #expect(sink.failureIsPermanent)
    }

    @Test func foundationFileErrorsBecomeOneLine() throws {
        let cocoa = NSError(domain: NSCocoaErrorDomain, code: NSFileWriteOutOfSpaceError, userInfo: [NSFilePathErrorKey: "/x"])
        #expect(SystemError.text(cocoa) == "disk full (No space left on device)")
        #expect(SystemError.text(NSError(domain: NSCocoaErrorDomain, code: NSFileWriteNoPermissionError)) == "permission denied (Permission denied)")
        #expect(SystemError.isPermanent(errno: ENOSPC) && !SystemError.isPermanent(errno: EINTR))
        // A page whose folder is a file: one line naming the path, no error dump.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("not a folder".utf8).write(to: root.appendingPathComponent("territoire"))
        let error = try #require(throws: SiteWriteError.self) { try SiteWriter(root: root).write("x", to: "territoire/a.html") }
        #expect(error.description.hasPrefix("cannot write \(root.path)/territoire/a.html: "))
        #expect(!error.description.contains("Error Domain") && !error.description.contains("\n"), "\(error)")
    }
}
