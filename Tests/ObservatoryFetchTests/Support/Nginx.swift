import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An nginx serving a folder on a free loopback port, with its own config, for the life of a test.
/// It runs as a single process (`master_process off`), so SIGKILL stops it whole.
final class Nginx: @unchecked Sendable {
    let port: Int
    let directory: URL
    private let process: Process

    static var binary: String? {
        ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Serves `root` at `/`, and again at `/slow/` limited to `slowRate` bytes per second.
    /// With `tls` (certificate and key paths) it listens with TLS; `extra` adds server directives.
    init(serving root: URL, slowRate: String = "1m", tls: (certificate: String, key: String)? = nil,
         extra: String = "") throws {
        guard let binary = Self.binary else { throw NginxError("nginx is not installed (apt-get install nginx)") }
        directory = try TestPaths.temporaryDirectory("nginx")
        port = try Self.freePort()
        let config = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/error.log;
            events { worker_connections 128; }
            http {
                log_format mirror '$status $body_bytes_sent "$request" "$http_range" "$http_if_none_match"';
                access_log \(directory.path)/access.log mirror;
                client_body_temp_path \(directory.path)/body;
                proxy_temp_path \(directory.path)/proxy;
                fastcgi_temp_path \(directory.path)/fastcgi;
                uwsgi_temp_path \(directory.path)/uwsgi;
                scgi_temp_path \(directory.path)/scgi;
                types { application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx; text/csv csv; application/zip zip; application/xml xml; }
                server {
                    listen 127.0.0.1:\(port)\(tls == nil ? "" : " ssl");
                    \(tls.map { "ssl_certificate \($0.certificate); ssl_certificate_key \($0.key);" } ?? "")
                    root \(root.path);
                    \(extra)
                    location /slow/ { alias \(root.path)/; limit_rate \(slowRate); }
                }
            }
            """
        let configURL = directory.appendingPathComponent("nginx.conf")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", directory.path, "-c", configURL.path, "-e", "\(directory.path)/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit { stop() }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var secureBaseURL: String { "https://127.0.0.1:\(port)" }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The access log lines: `status bytes "request" "range" "if-none-match"`.
    var accessLog: [String] {
        ((try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            if Self.canConnect(port) { return }
            if !process.isRunning {
                let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
                throw NginxError("nginx exited at start: \(log)")
            }
            usleep(50_000)
        }
        throw NginxError("nginx did not listen on port \(port) within 5 s")
    }

    private static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw NginxError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct NginxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
