import Foundation

/// A bounded queue from one producing thread to one consuming thread, ending with the
/// producer's outcome. The producer waits while `capacity` elements are queued; the consumer
/// takes them in order, then reads the outcome. A consumer that stops early cancels: the
/// producer's next ``put(_:)`` throws, and ``cancelAndWait()`` returns once it has finished.
final class Handoff<Element: Sendable, Outcome: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [Element] = []
    private var head = 0
    private var outcome: Result<Outcome, any Error>?
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Producer: queues `element`, waiting for room. Throws `CancellationError` once the consumer cancelled.
    func put(_ element: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        queue.append(element)
        condition.broadcast()
    }

    /// Producer: whether the consumer cancelled.
    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Producer: the end, after the last element.
    func finish(_ result: Result<Outcome, any Error>) {
        condition.lock()
        outcome = result
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next element, waiting for it; `nil` once the producer finished and every
    /// element was taken.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && outcome == nil { condition.wait() }
        guard head < queue.count else { return nil }
        let element = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return element
    }

    /// Consumer: the producer's outcome, waiting for it.
    func result() throws -> Outcome {
        condition.lock()
        while outcome == nil { condition.wait() }
        let outcome = self.outcome!
        condition.unlock()
        return try outcome.get()
    }

    /// Consumer: tells the producer to stop and waits until it has finished.
    func cancelAndWait() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        head = 0
        condition.broadcast()
        while outcome == nil { condition.wait() }
        condition.unlock()
    }
}
