import Foundation

/// Something that performs HTTP GET requests, streaming the final response's body into a sink.
public protocol HTTPTransport: Sendable {
    /// Performs `request`, following redirects, and streams the body of the final response into `sink`.
    ///
    /// Returns the final response's head once the body is complete. Throws ``TransportError`` when
    /// the exchange fails (connection, timeout, stall, truncated body, size cap, redirect rules),
    /// or `CancellationError` when the task is cancelled.
    func perform(_ request: HTTPRequest, into sink: any ResponseSink) async throws -> HTTPResponse
}

/// Receives the body of the final response, on the transport's own thread.
public protocol ResponseSink: AnyObject, Sendable {
    /// Called once, before any body byte, with the final status and headers.
    /// Return `false` to abort the transfer (it then fails with ``TransportError/abortedBySink(_:)``).
    func begin(status: Int, headers: HTTPHeaders) -> Bool
    /// Called with each chunk of the body; return `false` to abort the transfer.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool
}

/// Limits and options of one transfer.
public struct TransferOptions: Sendable, Hashable {
    /// Seconds to establish the connection (TCP + TLS).
    public var connectTimeout: Double = 20
    /// Seconds the whole transfer may take, 0 for no limit.
    public var totalTimeout: Double = 1800
    /// A transfer slower than `stallBytesPerSecond` for `stallSeconds` is abandoned as stalled.
    public var stallBytesPerSecond: Int = 1024
    public var stallSeconds: Int = 30
    /// Redirects followed at most; `https` never redirects to `http`.
    public var maxRedirects: Int = 5
    /// Largest body accepted, in bytes once decoded (a gzip body counts what it inflates to):
    /// 512 MiB, several times the largest published file the catalogue fetches.
    public var maxBytes: Int64 = 512 << 20
    /// A body decoding to more than `maxExpansion` times the bytes received, past
    /// `expansionFloor` decoded bytes, is refused as a decompression bomb.
    public var maxExpansion: Int64 = 100
    public var expansionFloor: Int64 = 64 << 20
    /// A PEM bundle of trusted certificate authorities, instead of the system's.
    public var caBundlePath: String?

    public init() {}
}

/// A GET request.
public struct HTTPRequest: Sendable {
    public var url: String
    public var headers: [(name: String, value: String)]
    public var options: TransferOptions
    /// Called on the transport's thread with (body bytes received, expected total or 0).
    public var progress: (@Sendable (Int64, Int64) -> Void)?

    public init(url: String, headers: [(name: String, value: String)] = [], options: TransferOptions = TransferOptions(),
                progress: (@Sendable (Int64, Int64) -> Void)? = nil) {
        self.url = url
        self.headers = headers
        self.options = options
        self.progress = progress
    }
}

/// Response headers, names compared case-insensitively; a repeated header keeps its last value.
public struct HTTPHeaders: Sendable, Hashable {
    private var storage: [String: String] = [:]
    public init() {}
    public init(_ pairs: [(String, String)]) { for (name, value) in pairs { self[name] = value } }
    public subscript(name: String) -> String? {
        get { storage[name.lowercased()] }
        set { storage[name.lowercased()] = newValue }
    }
    public var names: [String] { storage.keys.sorted() }
}

/// The head of the final response of a transfer.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The URL of the final response, after redirects.
    public var finalURL: String
    public var redirectCount: Int
    /// Body bytes delivered to the sink (after content decoding).
    public var bodyBytes: Int64
    /// Seconds from start to end of the transfer.
    public var duration: Double

    public init(status: Int, headers: HTTPHeaders, finalURL: String, redirectCount: Int, bodyBytes: Int64, duration: Double) {
        self.status = status
        self.headers = headers
        self.finalURL = finalURL
        self.redirectCount = redirectCount
        self.bodyBytes = bodyBytes
        self.duration = duration
    }
}

/// Why a transfer failed.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedProtocol(String)
    case couldNotResolve(String)
    case couldNotConnect(String)
    case timedOut(seconds: Double)
    case stalled(bytesPerSecond: Int, seconds: Int)
    case tooManyRedirects(Int)
    /// A redirect to a scheme that is not allowed (https → http).
    case redirectRefused(String)
    case tls(String)
    /// The connection closed before the announced body was complete.
    case truncated(received: Int64, expected: Int64?)
    case tooLarge(limit: Int64)
    /// The body inflates far more than any data file does (a gzip bomb).
    case expansion(decoded: Int64, received: Int64, limit: Int64)
    case abortedBySink(String)
    case other(code: Int, message: String)

    /// Whether trying again may succeed.
    public var isTransient: Bool {
        switch self {
        case .couldNotConnect, .timedOut, .stalled, .truncated, .other: true
        case .couldNotResolve: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL '\(url)'"
        case .unsupportedProtocol(let url): "only http and https are allowed: '\(url)'"
        case .couldNotResolve(let message): "could not resolve host (\(message))"
        case .couldNotConnect(let message): "could not connect (\(message))"
        case .timedOut(let seconds): "timed out after \(Int(seconds)) s"
        case .stalled(let rate, let seconds):
            rate >= 1024 ? "stalled: less than \(rate / 1024) KB/s for \(seconds) s" : "stalled: less than \(rate) B/s for \(seconds) s"
        case .tooManyRedirects(let count): "more than \(count) redirects"
        case .redirectRefused(let message): "redirect refused (\(message))"
        case .tls(let message): "TLS error (\(message))"
        case .truncated(let received, let expected):
            if let expected { "body shorter than its Content-Length: \(received) of \(expected) bytes" }
            else { "connection closed after \(received) bytes, before the body was complete" }
        case .tooLarge(let limit): "file larger than the \(limit)-byte limit"
        case .expansion(let decoded, let received, let limit):
            "refused as a decompression bomb: \(received) bytes received decoded to more than \(decoded) (over \(limit)×)"
        case .abortedBySink(let reason): reason
        case .other(let code, let message): "transfer failed (curl error \(code): \(message))"
        }
    }
}
