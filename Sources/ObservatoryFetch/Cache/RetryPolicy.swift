import Foundation

/// When and how long to wait before trying a download again.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int = 4
    /// Seconds before the second attempt; doubled each time, up to `maxDelay`.
    public var baseDelay: Double = 1
    public var maxDelay: Double = 30
    /// A `Retry-After` longer than this gives up instead of waiting.
    public var maxRetryAfter: Double = 120
    /// Random spread added to each delay, as a fraction of it (0.5 = up to +50 %).
    public var jitter: Double = 0.5

    public init() {}

    public init(maxAttempts: Int, baseDelay: Double, maxDelay: Double = 30, maxRetryAfter: Double = 120, jitter: Double = 0.5) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
    }

    /// Statuses worth another attempt: 408, 429 and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based), honouring `retryAfter`.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return max(0, retryAfter) }
        let exponential = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return exponential * (1 + Double.random(in: 0...jitter))
    }

    /// Parses a `Retry-After` value: delta-seconds or an HTTP date; `nil` when unreadable.
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }
}
