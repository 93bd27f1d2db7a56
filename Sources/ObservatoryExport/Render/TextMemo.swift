import Foundation

/// The texts a pure function gave, kept for the run: for formatting the few distinct dates a site
/// shows on every page, where each call built an ICU date formatter.
final class TextMemo<Key: Hashable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [Key: String] = [:]

    func value(_ key: Key, _ make: (Key) -> String) -> String {
        lock.lock()
        if let text = known[key] { lock.unlock(); return text }
        lock.unlock()
        let text = make(key)
        lock.lock()
        known[key] = text
        lock.unlock()
        return text
    }
}
