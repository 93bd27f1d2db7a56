import Foundation

/// Results filled from concurrent iterations (`DispatchQueue.concurrentPerform`), each index by
/// one iteration only, read back in index order once the iterations are done.
public final class ConcurrentResults<T>: @unchecked Sendable {
    private var storage: [Result<T, any Error>?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// Every index's result, in order; an index no iteration filled is a failure.
    public var values: [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return storage.map { $0 ?? .failure(CancellationError()) }
    }
}
