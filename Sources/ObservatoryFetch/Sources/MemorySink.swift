import Foundation

/// Collects a small body (an API answer) in memory, up to a limit.
final class MemorySink: ResponseSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage = Data()
    private(set) var status = 0
    private let limit: Int

    init(limit: Int = 16 << 20) { self.limit = limit }

    var data: Data { lock.lock(); defer { lock.unlock() }; return storage }

    func begin(status: Int, headers: HTTPHeaders) -> Bool {
        self.status = status
        return true
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard storage.count + bytes.count <= limit else { return false }
        storage.append(contentsOf: bytes)
        return true
    }
}
