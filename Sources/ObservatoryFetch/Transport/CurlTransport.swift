import CCurl
import Foundation

/// ``HTTPTransport`` over libcurl's multi interface.
///
/// All transfers share one multi handle, driven by a dedicated thread (never the cooperative pool);
/// the thread runs while there is work and stops when idle. Connections are reused across transfers.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    /// `observatory/<version> libcurl/<version>`.
    public let userAgent: String
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var pending: [CurlTransfer] = []
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var loopRunning = false

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    /// - Parameters:
    ///   - maxConnectionsPerHost: connections opened to one host at once; further transfers wait.
    ///   - maxConnections: connections open at once in total.
    public init(product: String = "observatory", version: String, maxConnectionsPerHost: Int = 4,
                maxConnections: Int = 16) {
        _ = Self.globalInit
        multi = curl_multi_init()
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        let curlVersion = String(cString: ccurl_version_string())
        userAgent = "\(product)/\(version) libcurl/\(curlVersion)"
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    public func perform(_ request: HTTPRequest, into sink: any ResponseSink) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let transfer = try CurlTransfer(request: request, sink: sink, userAgent: userAgent)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.setContinuation(continuation)
                enqueue(transfer)
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    private func enqueue(_ transfer: CurlTransfer) {
        lock.lock()
        pending.append(transfer)
        if loopRunning {
            curl_multi_wakeup(multi)
        } else {
            loopRunning = true
            let thread = Thread { [self] in runLoop() }
            thread.name = "observatory.curl"
            thread.start()
        }
        lock.unlock()
    }

    /// The multi loop: add new transfers, drive sockets, hand finished transfers back.
    private func runLoop() {
        while true {
            lock.lock()
            let incoming = pending
            pending.removeAll()
            if incoming.isEmpty && active.isEmpty {
                loopRunning = false
                lock.unlock()
                return
            }
            for transfer in incoming { active[transfer.easy] = transfer }
            lock.unlock()

            for transfer in incoming { curl_multi_add_handle(multi, transfer.easy) }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            drainFinished()
            if running > 0 || !incoming.isEmpty {
                curl_multi_poll(multi, nil, 0, 100, nil)
            }
        }
    }

    private func drainFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, easy)
            lock.lock()
            let transfer = active.removeValue(forKey: easy)
            lock.unlock()
            transfer?.complete(code)
        }
    }
}
