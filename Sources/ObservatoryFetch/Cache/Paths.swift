import Foundation

/// The cache paths of one file, and the bookkeeping of its partial download.
struct Paths: Sendable {
    let final: URL
    let partial: URL
    let partialInfo: URL

    init(cache: DownloadCache, file: RemoteFile) {
        final = cache.fileURL(dataset: file.dataset, file: file.name)
        partial = cache.partialURL(dataset: file.dataset, file: file.name)
        partialInfo = cache.partialInfoURL(dataset: file.dataset, file: file.name)
    }

    func partialSize() -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? NSNumber)?.int64Value
    }

    func readPartialInfo() -> PartialInfo? {
        guard let data = try? Data(contentsOf: partialInfo) else { return nil }
        return try? JSONDecoder().decode(PartialInfo.self, from: data)
    }

    func removePartial() {
        try? FileManager.default.removeItem(at: partial)
        removePartialInfo()
    }

    func removePartialInfo() {
        try? FileManager.default.removeItem(at: partialInfo)
    }
}

/// Reason phrases for the statuses a download may meet.
enum HTTPStatusPhrase {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : ""
        }
    }
}
