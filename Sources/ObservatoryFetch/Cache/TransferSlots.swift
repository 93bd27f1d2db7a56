import Foundation

/// Bounds the transfers in flight, apart from what comes after them.
///
/// A file holds a slot while its body arrives and gives it back before its file is flushed to
/// disk, checked, renamed and recorded, so the next file's transfer starts meanwhile: files that
/// arrive together would otherwise leave the network idle while all of them are synced.
/// Waiters are served in the order they came.
public actor TransferSlots {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameter count: transfers at once, at least 1.
    public init(_ count: Int) {
        available = max(1, count)
    }

    /// Waits for a free slot and takes it.
    public func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Fetches waiting for a slot now.
    public var waiting: Int { waiters.count }

    /// Gives a slot back, to the first waiter if there is one.
    public func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
