import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request as the test server received it.
struct TestRequest: Sendable {
    var method: String
    var path: String
    var headers: [String: String]
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// What the test server answers, including faults.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// Announce this Content-Length instead of the body's (a short body).
    var declaredLength: Int?
    /// Send this many body bytes, then stop sending for `stallSeconds` (a stalled body).
    var stallAfter: Int?
    var stallSeconds: Double = 0
    /// Send this many body bytes, then close the connection (an interrupted body).
    var closeAfter: Int?

    static func ok(_ body: [UInt8], headers: [(String, String)] = []) -> TestResponse {
        TestResponse(status: 200, headers: headers, body: body)
    }
    static func status(_ code: Int, headers: [(String, String)] = [], body: String = "") -> TestResponse {
        TestResponse(status: code, headers: headers, body: Array(body.utf8))
    }
    static func redirect(_ location: String, status: Int = 302) -> TestResponse {
        TestResponse(status: status, headers: [("Location", location)])
    }
}

/// An HTTP/1.1 server on 127.0.0.1 (port 0), a thread per connection, one response per connection,
/// for fault injection in fetcher tests.
final class TestHTTPServer: @unchecked Sendable {
    typealias Handler = @Sendable (TestRequest, Int) -> TestResponse

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var log: [TestRequest] = []
    private var counts: [String: Int] = [:]
    private var stopped = false

    /// `handler` gets the request and how many times its path was asked before (0 the first time).
    init(handler: @escaping Handler) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests received so far, in order.
    var requests: [TestRequest] { lock.lock(); defer { lock.unlock() }; return log }

    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                continue
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else { return }
        lock.lock()
        log.append(request)
        let count = counts[request.path, default: 0]
        counts[request.path] = count + 1
        lock.unlock()
        respond(handler(request, count), on: connection)
    }

    private func readRequest(_ connection: Int32) -> TestRequest? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !data.containsHeaderEnd {
            let n = recv(connection, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if data.count > 65536 { return nil }
        }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return TestRequest(method: String(parts[0]), path: String(parts[1]), headers: headers)
    }

    private func respond(_ response: TestResponse, on connection: Int32) {
        var head = "HTTP/1.1 \(response.status) Test\r\n"
        let hasLength = response.headers.contains { $0.0.lowercased() == "content-length" }
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if !hasLength { head += "Content-Length: \(response.declaredLength ?? response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard sendAll(Array(head.utf8), on: connection) else { return }
        var body = response.body[...]
        if let stall = response.stallAfter {
            guard sendAll(Array(body.prefix(stall)), on: connection) else { return }
            Thread.sleep(forTimeInterval: response.stallSeconds)
            body = body.dropFirst(stall)
        }
        if let close = response.closeAfter {
            _ = sendAll(Array(body.prefix(close)), on: connection)
            return
        }
        // Send in chunks so that clients see progress.
        while !body.isEmpty {
            let chunk = Array(body.prefix(16384))
            guard sendAll(chunk, on: connection) else { return }
            body = body.dropFirst(chunk.count)
        }
    }

    private func sendAll(_ bytes: [UInt8], on connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

private extension Array where Element == UInt8 {
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 {
            return true
        }
        return false
    }
}
