import Foundation
import ObservatoryFetch

/// Shows fetch progress: on a terminal, a live line per file in flight and an overall line;
/// otherwise plain log lines as files start, retry and finish.
final class FetchProgressDisplay: @unchecked Sendable {
    private struct Transfer {
        var received: Int64 = 0
        var total: Int64?
        var attempt = 1
    }

    private let interactive: Bool
    private let lock = NSLock()
    private var active: [String: Transfer] = [:]
    private var order: [String] = []
    private var finished = 0
    private var failed = 0
    private var linesDrawn = 0
    private var lastDraw = Date.distantPast

    init(interactive: Bool) { self.interactive = interactive }

    func handle(_ event: FetchEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let file, let attempt):
            if active[file.label] == nil { order.append(file.label) }
            active[file.label, default: Transfer()].attempt = attempt
            if !interactive && attempt == 1 { log("fetching \(file.label) from \(file.url)") }
        case .progress(let file, let received, let total):
            active[file.label]?.received = received
            active[file.label]?.total = total
        case .retrying(let file, let attempt, let delay, let reason):
            log("retrying \(file.label) (attempt \(attempt)) in \(String(format: "%.1f", delay)) s: \(reason)")
        case .finished(let file, let outcome):
            active[file.label] = nil
            order.removeAll { $0 == file.label }
            finished += 1
            switch outcome {
            case .downloaded(let entry, _):
                log("downloaded \(file.label): \(Format.bytes(entry.size)) in \(String(format: "%.1f", entry.duration)) s, sha256 \(entry.sha256.prefix(12))…")
            case .notModified:
                log("not modified \(file.label)")
            case .failed(let failure):
                failed += 1
                log("FAILED \(file.label): \(failure.reason)")
            }
        }
        if interactive { redraw(force: false) }
    }

    /// Clears the live lines before the summary is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if interactive { clear() }
    }

    private func log(_ line: String) {
        if interactive { clear() }
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if interactive { redraw(force: true) }
    }

    private func clear() {
        guard linesDrawn > 0 else { return }
        FileHandle.standardError.write(Data(String(repeating: "\u{1B}[1A\u{1B}[2K", count: linesDrawn).utf8))
        linesDrawn = 0
    }

    private func redraw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        clear()
        var lines: [String] = []
        for label in order.prefix(12) {
            guard let transfer = active[label] else { continue }
            var line = "  \(label.count > 60 ? String(label.prefix(59)) + "…" : label)  \(Format.bytes(transfer.received))"
            if let total = transfer.total, total > 0 {
                let fraction = min(1, Double(transfer.received) / Double(total))
                let filled = Int(fraction * 20)
                line += " / \(Format.bytes(total)) [" + String(repeating: "#", count: filled)
                    + String(repeating: ".", count: 20 - filled) + "] \(Int(fraction * 100)) %"
            }
            if transfer.attempt > 1 { line += "  (attempt \(transfer.attempt))" }
            lines.append(line)
        }
        let received = active.values.reduce(Int64(0)) { $0 + $1.received }
        lines.append("\(finished) done\(failed > 0 ? " (\(failed) failed)" : ""), \(active.count) in flight, \(Format.bytes(received)) in flight")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        linesDrawn = lines.count
    }
}

/// Human formats for the terminal.
enum Format {
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KB", "MB", "GB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `3 min`, `2 h`, `5 days`.
    static func age(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<90: return "\(max(0, Int(seconds))) s"
        case ..<5400: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3600)) h"
        default: return "\(Int(seconds / 86400)) days"
        }
    }

    static func date(_ date: Date) -> String { ManifestEntry.displayDate(date) }
}
