import Foundation
import ObservatoryCore

/// What an extraction read and produced.
public struct ExtractionReport: Sendable {
    public var source = ""
    /// Data rows read below the header.
    public var rows = 0
    public var present = 0
    public var masked = 0
    public var missing = 0
    /// Rows skipped by an `exclude` rule.
    public var excluded = 0
    /// Rows without a territory code, skipped.
    public var withoutTerritory = 0
    /// Territory names the file gives beside its codes (bassin names, EPCI names).
    public var territoryNames: [TerritoryID: String] = [:]
    /// Distinct territories seen.
    public var territories: Set<TerritoryID> = []
    /// Labels of dimension codes: dimension → code → label.
    public var labels: [String: [String: String]] = [:]
    /// Parents the file gives its territories (a bassin BMO's département and région): child → parents.
    public var parents: [TerritoryID: Set<TerritoryID>] = [:]
    public var notes: [String] = []
    /// With `match: name`: the names found among the store's territories, and those that were not.
    public var matchedNames: Set<String> = []
    public var unmatchedNames: Set<String> = []
    /// Labels and territory names longer than ``TextCap/label`` characters, kept cut.
    public var cutLabels = 0

    public var observations: Int { present + masked + missing }

    public init() {}
}

/// Streams the observations of one file, as its ingest spec describes them, as integer-coded
/// batches (``ObservationBatch``) for the store's single writer.
///
/// By default the file is read and coded on a thread of its own while the caller stores the
/// batches: the two cores work at once, and the batches, their order and the report are the
/// same as when everything runs on the caller's thread (``concurrent`` = false).
public struct ObservationExtractor: Sendable {
    public var file: URL
    public var displayName: String
    public var spec: IngestSpec
    public var vintage: String
    public var workDirectory: URL

    /// With `match: name`: the codes of the territories of the spec's geography, by ``NameKey``.
    public var codesByName: [String: String] = [:]
    /// Rows per batch.
    public var batchSize = 1 << 16
    /// Whether the file is read on a thread of its own while `emit` runs on the caller's.
    public var concurrent = true

    public init(file: URL, displayName: String, spec: IngestSpec, vintage: String, workDirectory: URL) {
        self.file = file
        self.displayName = displayName
        self.spec = spec
        self.vintage = vintage
        self.workDirectory = workDirectory
    }

    /// Reads the file and hands its observations to `emit`, a batch at a time, on the calling
    /// thread. Throws ``IngestError``, a reader's or `emit`'s error, after handing over the rows
    /// before the faulty one; nothing is half-done from the caller's point of view if it runs in
    /// a transaction.
    public func run(_ emit: (ObservationBatch) throws -> Void) throws -> ExtractionReport {
        guard concurrent else { return try extract(emit, stop: { false }) }
        let handoff = Handoff<ObservationBatch, ExtractionReport>(capacity: 4)
        let thread = Thread { [self] in
            do {
                let report = try extract({ try handoff.put($0) }, stop: { handoff.isCancelled })
                handoff.finish(.success(report))
            } catch {
                handoff.finish(.failure(error))
            }
        }
        thread.name = "observatory.extract"
        thread.stackSize = 8 << 20
        thread.start()
        defer { handoff.cancelAndWait() }
        while let batch = handoff.take() { try emit(batch) }
        return try handoff.result()
    }

    /// The same, one observation at a time (for small files and tests).
    public func forEachObservation(_ body: (Observation) throws -> Void) throws -> ExtractionReport {
        var dictionaries = ObservationDictionaries()
        return try run { batch in
            dictionaries.add(batch)
            for row in 0..<batch.count { try body(dictionaries.observation(batch, row)) }
        }
    }

    /// Reads and codes the file on the calling thread; `stop` is asked now and then whether the
    /// consumer gave up.
    private func extract(_ deliver: (ObservationBatch) throws -> Void, stop: () -> Bool) throws -> ExtractionReport {
        let template = VintageTemplate(vintage: vintage)
        let table = try TableSource.openTable(file, displayName: displayName, spec: spec, template: template,
                                              workDirectory: workDirectory)
        let source = switch table {
        case .csv(_, let name): name
        case .sheet(let reader): reader.sourceDescription
        }
        var state = Extraction(plan: try RowPlan(spec: spec, template: template, source: source),
                               codesByName: codesByName, batchSize: max(1, batchSize))
        let plan = state.plan
        do {
            switch table {
            case .csv(let reader, _):
                var gate = try HeaderGate(header: plan.header, source: source, required: plan.required)
                var cells: [Cell] = []
                try reader.forEachRecord { record in
                    let admitted = try gate.admit(number: record.line, fieldCount: record.count,
                                                  endsWithoutLineEnd: record.endsWithoutLineEnd) {
                        record.cells(into: &cells)
                        return cells
                    }
                    if let columns = admitted { try state.code(record, columns, deliver, stop: stop) }
                }
                _ = try gate.finish()
            case .sheet(let reader):
                try reader.forEachDataRow(header: plan.header, requiring: plan.required) { row in
                    try state.code(CellRow(row: row), row.columns, deliver, stop: stop)
                }
            }
        } catch {
            // The rows before the faulty one go first, as they would have one by one.
            if state.coder?.batch.count ?? 0 > 0, let batch = state.coder?.takeBatch() { try deliver(batch) }
            throw error
        }
        guard var coder = state.coder else {
            var report = ExtractionReport()
            report.source = source
            return report
        }
        let last = coder.finish()
        if last.count > 0 { try deliver(last) }
        return coder.report
    }

    /// One extraction's plan and coder, made at the first data row (when the columns are known).
    private struct Extraction {
        var plan: RowPlan
        let codesByName: [String: String]
        let batchSize: Int
        var coder: ObservationCoder?

        init(plan: RowPlan, codesByName: [String: String], batchSize: Int) {
            self.plan = plan
            self.codesByName = codesByName
            self.batchSize = batchSize
        }

        @inline(__always)
        mutating func code<Row: FieldRow>(_ row: Row, _ columns: ColumnMap, _ deliver: (ObservationBatch) throws -> Void,
                                          stop: () -> Bool) throws {
            if coder == nil {
                try plan.resolve(columns)
                var report = ExtractionReport()
                report.source = plan.source
                coder = ObservationCoder(plan: plan, indexes: plan.indexes!, codesByName: codesByName, report: report,
                                         batchSize: batchSize)
            }
            try coder!.code(row)
            if coder!.batch.count >= batchSize {
                try deliver(coder!.takeBatch())
                if stop() { throw CancellationError() }
            }
        }
    }
}

extension ExtractionReport {
    /// `text` cut to ``TextCap/label`` characters, counted when cut.
    mutating func capped(_ text: String) -> String {
        guard TextCap.exceeds(text, TextCap.label) else { return text }
        cutLabels += 1
        return TextCap.cut(text, TextCap.label)
    }

    mutating func count(_ status: CellStatus) {
        switch status {
        case .present: present += 1
        case .masked: masked += 1
        case .missing: missing += 1
        }
    }
}
