import GRDB
import ObservatoryCore
#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// Appends observations to the vintage being replaced, inside the replacement's transaction.
///
/// Only `ObservatoryDatabase.replaceVintage(_:load:)` makes one, and it cannot outlive the
/// `load` closure. Measures, territories, periods and dimension sets are turned into integer
/// ids once, then served from memory (a batch's dictionary indices map to store ids through
/// arrays). Rows are buffered as small fixed-size records and written in key order: SQLite
/// inserts into its B-tree several times faster in key order than in the order of a file
/// sorted some other way. While the rows come in key order (a file sorted by territory, say),
/// each run of ``runSize`` rows is written at once, during the load; from the first run that
/// does not follow the rows already written, rows wait until the buffer fills or `load` returns.
public struct ObservationWriter: ~Copyable {
    /// Rows buffered before a sorted flush: 4 M rows are 128 MiB.
    static let flushThreshold = 4_000_000
    /// Rows of a run written during the load when it follows the rows already written.
    static let runSize = 1 << 16
    /// Rows per execution of the batch statement (6 parameters each, the vintage being written in).
    static let batchSize = 64

    let db: Database
    let vintageID: Int64
    private let insert: Statement
    private let batchInsert: Statement
    private var buffer: [PendingRow] = []
    private var measures: [String: Int32] = [:]
    private var territories: [TerritoryID: Int32] = [:]
    private var periods: [Period: Int32] = [:]
    private var dimensionSets: [[String: String]: Int32] = [:]
    // The previous row's keys: readers emit runs of the same measure, territory, period or
    // dimensions, and comparing with the last one is cheaper than hashing.
    private var lastMeasure: (String, Int32)?
    private var lastTerritory: (TerritoryID, Int32)?
    private var lastPeriod: (Period, Int32)?
    private var lastDimensions: ([String: String], Int32)?
    /// The first refusal: it sticks, so that a `load` that catches it cannot commit a partial vintage.
    private var failure: RejectedObservation?
    // Batches: their dictionaries, and the store id of each entry (-1 until a row uses it, so
    // that ids are taken in the order rows use them, as one observation at a time would).
    private var batchDictionaries = ObservationDictionaries()
    private var batchMeasureIDs: [Int32] = []
    private var batchTerritoryIDs: [Int32] = []
    private var batchPeriodIDs: [Int32] = []
    private var batchDimensionSetIDs: [Int32] = []
    /// Whether every run written so far followed the one before in key order, and the last key written.
    private var inOrder = true
    private var lastWritten: (UInt64, UInt64)?

    /// Observations appended so far.
    /// Labels of dimension codes, stored with the vintage: dimension → code → label.
    public var labels: [String: [String: String]] = [:]

    public private(set) var count = 0
    public private(set) var presentCount = 0
    public private(set) var maskedCount = 0
    public private(set) var missingCount = 0

    init(db: Database, vintageID: Int64) throws {
        let sql = """
            INSERT INTO observation (vintage_id, measure_id, territory_id, period_id, dimension_set_id,
                                     value, status) VALUES
            """
        let tuple = " (\(vintageID), ?, ?, ?, ?, ?, ?)"
        let insert = try db.makeStatement(sql: sql + tuple)
        let batchInsert = try db.makeStatement(sql: sql + Array(repeating: tuple, count: Self.batchSize).joined(separator: ","))
        self.db = db
        self.vintageID = vintageID
        self.insert = insert
        self.batchInsert = batchInsert
    }

    /// Stores one observation.
    ///
    /// SQLite checks each row when it is written, at the latest when `load` returns; then
    /// `replaceVintage` fails with `StoreError.observationRejected` naming the row: a present
    /// cell without a value (or with NaN or an infinity), a masked or missing cell with a value,
    /// a second observation with the same measure, territory, period and dimensions.
    /// - Throws: at once for an observation whose territory cannot be recorded (a geography the
    ///   store does not know), or when a buffer flush finds a refused row. After a refusal every
    ///   call throws it again and the replacement fails: a vintage is stored whole or not at all.
    public mutating func append(_ observation: Observation) throws {
        if let failure { throw failure }
        let row: PendingRow
        do {
            let status: UInt8 = switch observation.status {
            case .present: 0
            case .masked: 1
            case .missing: 2
            }
            row = PendingRow(measure: try measureID(observation.measure),
                             territory: try territoryID(observation.territory),
                             period: try periodID(observation.period),
                             dimensions: try dimensionSetID(observation.dimensions),
                             value: observation.value ?? 0, flags: status | (observation.value == nil ? 0 : 0x80),
                             index: UInt32(truncatingIfNeeded: count + 1))
        } catch {
            let rejected = RejectedObservation(row: count + 1, observation: observation, reason: StoreError.reason(error))
            failure = rejected
            throw rejected
        }
        buffer.append(row)
        count += 1
        switch observation.status {
        case .present: presentCount += 1
        case .masked: maskedCount += 1
        case .missing: missingCount += 1
        }
        if buffer.count >= nextFlush { try flushFull() }
    }

    /// Stores the rows of a batch, in order (see ``append(_:)-(Observation)`` for what is refused
    /// and when). The batches of one load share their dictionaries: each brings its new entries.
    public mutating func append(_ batch: ObservationBatch) throws {
        if let failure { throw failure }
        batchDictionaries.add(batch)
        batchMeasureIDs += repeatElement(-1, count: batch.newMeasures.count)
        batchTerritoryIDs += repeatElement(-1, count: batch.newTerritories.count)
        batchPeriodIDs += repeatElement(-1, count: batch.newPeriods.count)
        batchDimensionSetIDs += repeatElement(-1, count: batch.newDimensionSets.count)
        var row = 0
        while row < batch.count {
            let end = min(batch.count, row + max(1, nextFlush - buffer.count))
            for index in row..<end {
                let coded = batch.rows[index]
                let status = coded.status
                let pending: PendingRow
                do {
                    pending = PendingRow(measure: try batchMeasure(coded.measure),
                                         territory: try batchTerritory(coded.territory),
                                         period: try batchPeriod(coded.period),
                                         dimensions: try batchDimensionSet(coded.dimensionSet),
                                         value: coded.value,
                                         flags: status == .present ? 0x80 : status == .masked ? 1 : 2,
                                         index: UInt32(truncatingIfNeeded: count + 1))
                } catch {
                    let rejected = RejectedObservation(row: count + 1, observation: batchDictionaries.observation(batch, index),
                                                       reason: StoreError.reason(error))
                    failure = rejected
                    throw rejected
                }
                buffer.append(pending)
                count += 1
                switch status {
                case .present: presentCount += 1
                case .masked: maskedCount += 1
                case .missing: missingCount += 1
                }
            }
            row = end
            if buffer.count >= nextFlush { try flushFull() }
        }
    }

    @inline(__always)
    private mutating func batchMeasure(_ index: Int32) throws -> Int32 {
        let id = batchMeasureIDs[Int(index)]
        if id >= 0 { return id }
        let resolved = try measureID(batchDictionaries.measures[Int(index)])
        batchMeasureIDs[Int(index)] = resolved
        return resolved
    }

    @inline(__always)
    private mutating func batchTerritory(_ index: Int32) throws -> Int32 {
        let id = batchTerritoryIDs[Int(index)]
        if id >= 0 { return id }
        let resolved = try territoryID(batchDictionaries.territories[Int(index)])
        batchTerritoryIDs[Int(index)] = resolved
        return resolved
    }

    @inline(__always)
    private mutating func batchPeriod(_ index: Int32) throws -> Int32 {
        let id = batchPeriodIDs[Int(index)]
        if id >= 0 { return id }
        let resolved = try periodID(batchDictionaries.periods[Int(index)])
        batchPeriodIDs[Int(index)] = resolved
        return resolved
    }

    @inline(__always)
    private mutating func batchDimensionSet(_ index: Int32) throws -> Int32 {
        let id = batchDimensionSetIDs[Int(index)]
        if id >= 0 { return id }
        let resolved = try dimensionSetID(batchDictionaries.dimensionSets[Int(index)])
        batchDimensionSetIDs[Int(index)] = resolved
        return resolved
    }

    /// The buffered rows at which ``flushFull()`` is due.
    private var nextFlush: Int { inOrder ? Self.runSize : Self.flushThreshold }

    /// A run is buffered: written now if it follows the rows written so far, otherwise kept
    /// (and every row after it) until the buffer holds ``flushThreshold`` rows.
    private mutating func flushFull() throws {
        if inOrder {
            buffer.sort { ($0.key1, $0.key2) < ($1.key1, $1.key2) }
            if let lastWritten, !(lastWritten < (buffer[0].key1, buffer[0].key2)) {
                inOrder = false
            } else {
                try flush()
                return
            }
        }
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Stores each observation of `observations`, in order.
    public mutating func append(contentsOf observations: some Sequence<Observation>) throws {
        for observation in observations {
            try append(observation)
        }
    }

    /// Writes the buffered rows in key order, `batchSize` rows per statement execution.
    ///
    /// Binds through the SQLite C interface on GRDB's prepared statements (GRDB's "raw SQLite
    /// pointers"): `setUncheckedArguments` boxes seven values per row and took as long as
    /// SQLite's own insert. When a batch is refused, its rows are retried one by one to name
    /// the refused observation.
    mutating func flush() throws {
        if let failure { throw failure }
        do {
            try writeBuffer()
        } catch let rejected as RejectedObservation {
            failure = rejected
            throw rejected
        }
    }

    private mutating func writeBuffer() throws {
        buffer.sort { ($0.key1, $0.key2) < ($1.key1, $1.key2) }
        defer { buffer.removeAll(keepingCapacity: true) }
        if let last = buffer.last { lastWritten = (last.key1, last.key2) }
        var start = 0
        while start < buffer.count {
            let end = min(start + Self.batchSize, buffer.count)
            let statement = end - start == Self.batchSize ? batchInsert.sqliteStatement : insert.sqliteStatement
            do {
                if end - start == Self.batchSize {
                    try execute(statement, rows: start..<end)
                } else {
                    for index in start..<end { try execute(statement, rows: index..<index + 1) }
                }
            } catch let step as FailedStep {
                guard end - start == Self.batchSize else {
                    throw RejectedObservation(row: Int(buffer[step.rows.lowerBound].index),
                                              observation: observation(buffer[step.rows.lowerBound]),
                                              reason: StoreError.reason(step.error))
                }
                for index in start..<end {
                    do {
                        try execute(insert.sqliteStatement, rows: index..<index + 1)
                    } catch let step as FailedStep {
                        throw RejectedObservation(row: Int(buffer[index].index), observation: observation(buffer[index]),
                                                  reason: StoreError.reason(step.error))
                    }
                }
            }
            start = end
        }
    }

    /// Binds `rows` of the buffer to a statement of as many value tuples and runs it.
    private func execute(_ statement: SQLiteStatement, rows: Range<Int>) throws {
        sqlite3_reset(statement)
        var parameter: Int32 = 1
        for index in rows {
            let row = buffer[index]
            sqlite3_bind_int64(statement, parameter, Int64(row.measure))
            sqlite3_bind_int64(statement, parameter + 1, Int64(row.territory))
            sqlite3_bind_int64(statement, parameter + 2, Int64(row.period))
            sqlite3_bind_int64(statement, parameter + 3, Int64(row.dimensions))
            if row.flags & 0x80 == 0 {
                sqlite3_bind_null(statement, parameter + 4)
            } else {
                sqlite3_bind_double(statement, parameter + 4, row.value)
            }
            sqlite3_bind_int64(statement, parameter + 5, Int64(row.flags & 0x7F))
            parameter += 6
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            let error = DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)),
                                      message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            sqlite3_reset(statement)
            throw FailedStep(rows: rows, error: error)
        }
    }

    /// Rebuilds the observation of a buffered row, for an error message.
    private func observation(_ row: PendingRow) -> Observation {
        let status: CellStatus = switch row.flags & 0x7F { case 0: .present; case 1: .masked; default: .missing }
        var observation = Observation(
            measure: measures.first { $0.value == row.measure }?.key ?? "?",
            territory: territories.first { $0.value == row.territory }?.key ?? TerritoryID(.france, "?"),
            period: periods.first { $0.value == row.period }?.key ?? .year(0),
            dimensions: dimensionSets.first { $0.value == row.dimensions }?.key ?? [:],
            value: nil, status: status)
        observation.value = row.flags & 0x80 == 0 ? nil : row.value
        return observation
    }

    private mutating func measureID(_ name: String) throws -> Int32 {
        if let (lastName, id) = lastMeasure, lastName == name { return id }
        let id = try measures[name] ?? Self.small(KeyTables.measureID(db, name))
        measures[name] = id
        lastMeasure = (name, id)
        return id
    }

    private mutating func territoryID(_ territory: TerritoryID) throws -> Int32 {
        if let (last, id) = lastTerritory, last == territory { return id }
        let id = try territories[territory] ?? Self.small(KeyTables.territoryID(db, territory))
        territories[territory] = id
        lastTerritory = (territory, id)
        return id
    }

    private mutating func periodID(_ period: Period) throws -> Int32 {
        if let (last, id) = lastPeriod, last == period { return id }
        let id = try periods[period] ?? Self.small(KeyTables.periodID(db, period))
        periods[period] = id
        lastPeriod = (period, id)
        return id
    }

    private mutating func dimensionSetID(_ dimensions: [String: String]) throws -> Int32 {
        if let (last, id) = lastDimensions, last == dimensions { return id }
        let id = try dimensionSets[dimensions] ?? Self.small(KeyTables.dimensionSetID(db, dimensions))
        dimensionSets[dimensions] = id
        lastDimensions = (dimensions, id)
        return id
    }

    private static func small(_ id: Int64) throws -> Int32 {
        guard let small = Int32(exactly: id) else { throw UnreadableRow(reason: "dictionary id \(id) overflows") }
        return small
    }
}

/// A buffered observation: 32 bytes.
struct PendingRow {
    var measure: Int32
    var territory: Int32
    var period: Int32
    var dimensions: Int32
    var value: Double
    /// Status (0 present, 1 masked, 2 missing) in the low bits; 0x80 when there is a value.
    var flags: UInt8
    /// 1-based position in the load, for error messages.
    var index: UInt32

    /// The primary key after the vintage, as two integers compared in order.
    var key1: UInt64 { UInt64(UInt32(bitPattern: measure)) << 32 | UInt64(UInt32(bitPattern: territory)) }
    var key2: UInt64 { UInt64(UInt32(bitPattern: period)) << 32 | UInt64(UInt32(bitPattern: dimensions)) }
}

/// A statement execution SQLite refused, with the buffer rows it carried.
private struct FailedStep: Error {
    var rows: Range<Int>
    var error: DatabaseError
}

/// An observation SQLite refused, with its 1-based position in the load.
struct RejectedObservation: Error {
    var row: Int
    var observation: Observation
    var reason: String
}
