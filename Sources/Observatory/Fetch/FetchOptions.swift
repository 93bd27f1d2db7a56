import Foundation
import ObservatoryFetch

/// How `observatory fetch` runs.
public struct FetchOptions: Sendable {
    /// Fetch every file from `<mirror>/<dataset id>/<file name>` instead of the publishers.
    public var mirror: String?
    /// Use the cache only; report each file's age.
    public var offline = false
    /// Files downloaded at once.
    public var concurrency = 4
    /// Connections to one host at once.
    public var perHost = 4
    /// Download again even when the cache is current.
    public var force = false
    public var overrides = SourceOverrides()
    public var transfer = TransferOptions()
    public var retry = RetryPolicy()
    /// The data.gouv.fr API, replaceable for tests.
    public var dataGouvAPI = "https://www.data.gouv.fr/api/1"

    public init() {}
}
