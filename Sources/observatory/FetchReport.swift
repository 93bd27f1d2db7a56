import Foundation
import Observatory
import ObservatoryFetch

/// The closing summary of a fetch, per dataset.
enum FetchReport {
    static func render(_ summary: FetchSummary, offline: Bool, now: Date) -> String {
        var lines: [String] = []
        let datasets = Set(summary.items.map(\.dataset.id)).count
        let bytes = summary.downloaded.reduce(Int64(0)) { total, item in
            if case .downloaded(let entry, _) = item.result { return total + entry.size }
            return total
        }
        lines.append("Fetch summary: \(summary.items.count) files of \(datasets) datasets")
        if offline {
            lines.append("  in cache        \(summary.items.count - summary.failures.count)")
        } else {
            lines.append("  downloaded      \(summary.downloaded.count) (\(Format.bytes(bytes)))")
            lines.append("  not modified    \(summary.notModified.count)")
        }
        let optionalFailures = summary.failures.count - summary.blockingFailures.count
        lines.append("  failed          \(summary.failures.count)" + (optionalFailures > 0 ? " (\(optionalFailures) of optional datasets)" : ""))
        var current: String?
        for item in summary.items {
            if item.dataset.id.rawValue != current {
                current = item.dataset.id.rawValue
                lines.append("")
                lines.append("\(item.dataset.id)" + (item.dataset.optional ? " (optional)" : "") + " — \(item.dataset.title)")
            }
            lines.append("  \(item.file.name): " + describe(item.result, now: now))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ result: FetchSummary.Result, now: Date) -> String {
        switch result {
        case .downloaded(let entry, let previous):
            var text = "downloaded \(Format.bytes(entry.size)), sha256 \(entry.sha256.prefix(12))…"
            if entry.attempts > 1 { text += " after \(entry.attempts) attempts" }
            if entry.status == 206 { text += " (resumed)" }
            if let previous { text += "; replaces the file of \(Format.date(previous.fetchedAt)) (sha256 \(previous.sha256.prefix(12))…)" }
            else { text += " (new)" }
            return text
        case .notModified(let entry):
            return "not modified (fetched \(Format.date(entry.fetchedAt)), \(Format.age(now.timeIntervalSince(entry.fetchedAt))) ago)"
        case .cached(let entry):
            return "cached \(Format.bytes(entry.size)), fetched \(Format.date(entry.fetchedAt)), \(Format.age(now.timeIntervalSince(entry.fetchedAt))) old"
        case .failed(let reason, _):
            return "FAILED — \(reason)"
        }
    }
}
