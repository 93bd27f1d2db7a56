/// The computations behind the competence, crosswalk and passerelle functions, pure over a
/// ``SkillsReferential`` (tested without a store).
public enum SkillsMath {
    /// The crosswalk whose nomenclature knows most of the codes (BMO changed from FAP-2009 to
    /// FAP-2021 in 2024; a few codes exist in both); `nil` when none knows any.
    public static func crosswalk(for codes: [String], in referential: SkillsReferential) -> SkillsReferential.Crosswalk? {
        let scored = referential.crosswalks.map { crosswalk in (crosswalk, codes.filter { crosswalk.codes.contains($0) }.count) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }

    /// The crosswalk of a table: the one of the nomenclature the catalogue declares for the
    /// table's dataset vintage and dimension (`nomenclatures: {metier: FAP-2021}`), else the one
    /// recognised from the codes. `declared` is the declared nomenclature, if any — with no
    /// crosswalk when none of that nomenclature is stored.
    public static func crosswalk(for table: Table, in referential: SkillsReferential)
        -> (crosswalk: SkillsReferential.Crosswalk?, declared: String?) {
        var declared = Set<String>()
        var ids = SourceSet()
        for entry in table.entries { ids.formUnion(entry.value.sourceIDs) }
        for source in ProvenanceRegistry.shared.expand(ids) {
            if let name = referential.declared["\(source.dataset)/\(source.vintage)/\(table.dimension)"] { declared.insert(name) }
        }
        if declared.count == 1, let name = declared.first {
            return (referential.crosswalks.first { $0.nomenclature == name && !$0.links.isEmpty }, name)
        }
        return (crosswalk(for: table.entries.map(\.key), in: referential), nil)
    }

    /// The ROME 4.0 métiers of a FAP code and their weights, summing to 1; empty when unmapped.
    /// Where the crosswalk has passage-table rows for the code (FAP-2021), each ROME métier
    /// weighs the number of its (ROME, qualification) rows that fall in the code; otherwise the
    /// n ROME métiers get 1/n each. ROME codes that the ROME 4.0 no longer has are left out.
    public static func weights(of fap: String, _ crosswalk: SkillsReferential.Crosswalk,
                               metiers: Set<String>) -> [(rome: String, weight: Double)] {
        if let rows = crosswalk.rows[fap] {
            let kept = rows.filter { metiers.isEmpty || metiers.contains($0.key) }.sorted { $0.key < $1.key }
            let total = kept.reduce(0) { $0 + $1.value }
            guard total > 0 else { return [] }
            return kept.map { ($0.key, Double($0.value) / Double(total)) }
        }
        let romes = (crosswalk.links[fap] ?? []).filter { metiers.isEmpty || metiers.contains($0) }
        return romes.map { ($0, 1 / Double(romes.count)) }
    }

    /// The crosswalk's ROME codes that are not ROME 4.0 métiers (left out of the weights).
    public static func retiredRomeCodes(_ crosswalk: SkillsReferential.Crosswalk, metiers: Set<String>) -> [String] {
        guard !metiers.isEmpty else { return [] }
        return Set(crosswalk.links.values.joined()).subtracting(metiers).sorted()
    }

    /// A table keyed by FAP codes spread over ROME métiers (a table keyed `rome`), and the codes
    /// left unmapped (no crosswalk, or no ROME 4.0 métier among their links). A masked cell
    /// spread over several métiers is counted once in the table's masked cells.
    public static func toRome(_ table: Table, _ referential: SkillsReferential) -> (table: Table, unmapped: [String],
                                                                                   crosswalk: SkillsReferential.Crosswalk?) {
        guard let crosswalk = crosswalk(for: table, in: referential).crosswalk else {
            return (Table(dimension: "rome", entries: [], sharedMaskedCells: 0), table.entries.map(\.key).sorted(), nil)
        }
        // Sums are built without provenance (set unions per link are the cost); every ROME
        // entry then carries the table's files and the crosswalk's.
        var sums: [String: Value] = [:]
        var unmapped: [String] = []
        var sources = crosswalk.sourceIDs
        var masked = 0
        var origins: [String: [String: Int]] = [:]
        for entry in table.entries {
            let shares = weights(of: entry.key, crosswalk, metiers: referential.metiers)
            if shares.isEmpty { unmapped.append(entry.key); continue }
            sources.formUnion(entry.value.sourceIDs)
            masked += entry.value.maskedCells
            var bare = entry.value
            bare.sourceIDs = .empty
            for (rome, weight) in shares {
                let part = bare.scaled(by: weight)
                sums[rome] = sums[rome].map { Value.combine($0, part, .add) } ?? part
                if entry.value.maskedCells > 0 { origins[rome, default: [:]][entry.key] = entry.value.maskedCells }
            }
        }
        return (Table(dimension: "rome", entries: sums.keys.sorted().map { key in
                    var value = sums[key]!
                    value.sourceIDs = sources
                    return .init(key: key, value: value)
                }, sharedMaskedCells: masked, maskedOrigins: origins),
                unmapped.sorted(), crosswalk)
    }

    /// The share of a FAP table's total in codes that have ROME métiers. With masked cells, the
    /// interval of M / (M + U) over the mapped (M) and unmapped (U) intervals: never above 100 %.
    public static func mappedShare(_ table: Table, _ referential: SkillsReferential) -> Value {
        let unmapped = Set(toRome(table, referential).unmapped)
        func total(_ entries: [Table.Entry]) -> Value {
            entries.isEmpty ? .exact(0) : Evaluator.reduce("sum", Table(dimension: table.dimension, entries: entries))
        }
        let mapped = total(table.entries.filter { !unmapped.contains($0.key) })
        let left = total(table.entries.filter { unmapped.contains($0.key) })
        let whole = Value.combine(mapped, left, .add)
        guard let ml = mapped.lower, let ul = left.lower, ml + ul > 0 else {
            return .none(whole.missingReason ?? .noRecruitmentProjects, sourceIDs: whole.sourceIDs)
        }
        var share = whole
        share.lower = left.upper.map { ml / (ml + $0) } ?? 0
        share.upper = mapped.upper.map { $0 + ul > 0 ? $0 / ($0 + ul) : 1 } ?? 1
        share.missingReason = nil
        return share
    }

    /// The rubriques a kind argument selects.
    static func kinds(_ kind: String) -> Set<String>? {
        kind == "all" ? nil : [kind]
    }

    /// A ROME table spread over competences: each competence of a métier receives the métier's
    /// value × 1, or × `coreWeight` when it is cœur de métier; summed over métiers (a table keyed
    /// `competence`).
    public static func competences(_ table: Table, kind: String, coreWeight: Double,
                                   _ referential: SkillsReferential) -> Table {
        let index = referential.competenceIndex
        // Sums without provenance, then the table's files and the ROME's on every competence:
        // set unions per (métier, competence) pair were nearly all of the time. Competences are
        // numbers (their place in the code order): a slot per competence met, found through an
        // array, not a dictionary keyed by strings.
        var slotOf = [Int32](repeating: -1, count: index.codes.count)
        var competenceOfSlot: [Int32] = []
        let wanted = index.kindNumber(kind)
        var sums: [Value] = []
        // When every entry has a value and all share one extent (the usual table: one territory's
        // composition), a sum is plain numbers: lower and upper ends added in the same order as
        // `Value.combine` adds them, the first reason kept, the extent the entries'. Otherwise
        // values are combined one by one.
        let extent = table.entries.first?.value.extent
        let plain = coreWeight.isFinite && table.entries.allSatisfy { $0.value.hasValue && $0.value.extent == extent }
        var lowers: [Double] = [], uppers: [Double] = [], bounded: [Bool] = [], reasons: [MissingReason?] = []
        var sources = referential.romeSourceIDs
        // Where each competence's masked cells come from: the input's origins (the BMO métiers
        // `to_rome` spread) when it has them, else its own entries; a cell reaching a competence
        // through several ROME métiers is then counted once. Origins are numbered per call, and
        // each slot holds the set of its origins as bits.
        var originNumber: [String: Int] = [:]
        var originKeys: [String] = []
        var originCells: [Int] = []
        var originsOfSlot: [[UInt64]] = []
        var all: [UInt64] = []
        func or(_ bits: [UInt64], into target: inout [UInt64]) {
            if target.count < bits.count { target.append(contentsOf: repeatElement(0, count: bits.count - target.count)) }
            for (word, value) in bits.enumerated() { target[word] |= value }
        }
        for entry in table.entries {
            guard let uses = index.uses[entry.key] else { continue }
            sources.formUnion(entry.value.sourceIDs)
            let from = table.maskedOrigins?[entry.key] ?? (entry.value.maskedCells > 0 ? [entry.key: entry.value.maskedCells] : [:])
            var bits: [UInt64] = []
            for (key, cells) in from {
                let number: Int
                if let known = originNumber[key] { number = known } else {
                    number = originKeys.count
                    originNumber[key] = number
                    originKeys.append(key)
                    originCells.append(cells)
                }
                if bits.count <= number / 64 { bits.append(contentsOf: repeatElement(0, count: number / 64 + 1 - bits.count)) }
                bits[number / 64] |= 1 << UInt64(number % 64)
            }
            or(bits, into: &all)
            var bare = entry.value
            bare.sourceIDs = .empty
            let core = bare.scaled(by: coreWeight)
            if plain {
                let plainEnds = (bare.lower!, bare.upper, bare.missingReason), coreEnds = (core.lower ?? .nan, core.upper, core.missingReason)
                for use in uses {
                    if let wanted, use.kind != wanted { continue }
                    let (lower, upper, reason) = use.isCore ? coreEnds : plainEnds
                    let slot = Int(slotOf[Int(use.competence)])
                    if slot < 0 {
                        slotOf[Int(use.competence)] = Int32(lowers.count)
                        competenceOfSlot.append(use.competence)
                        lowers.append(lower)
                        uppers.append(upper ?? 0)
                        bounded.append(upper != nil)
                        reasons.append(reason)
                        originsOfSlot.append(bits)
                    } else {
                        lowers[slot] += lower
                        if bounded[slot], let upper { uppers[slot] += upper } else { bounded[slot] = false }
                        if reasons[slot] == nil { reasons[slot] = reason }
                        if !bits.isEmpty { or(bits, into: &originsOfSlot[slot]) }
                    }
                }
                continue
            }
            for use in uses {
                if let wanted, use.kind != wanted { continue }
                let part = use.isCore ? core : bare
                let slot = Int(slotOf[Int(use.competence)])
                if slot < 0 {
                    slotOf[Int(use.competence)] = Int32(sums.count)
                    competenceOfSlot.append(use.competence)
                    sums.append(part)
                    originsOfSlot.append(bits)
                } else {
                    sums[slot] = Value.combine(sums[slot], part, .add)
                    if !bits.isEmpty { or(bits, into: &originsOfSlot[slot]) }
                }
            }
        }
        if plain {
            sums = lowers.indices.map { slot in
                Value(lower: lowers[slot], upper: bounded[slot] ? uppers[slot] : nil, maskedCells: 0, extent: extent,
                      reason: reasons[slot], sourceIDs: .empty).finiteOrNone()
            }
        }
        func origins(_ bits: [UInt64]) -> [Int] {
            var found: [Int] = []
            for (word, value) in bits.enumerated() {
                var rest = value
                while rest != 0 {
                    found.append(word * 64 + rest.trailingZeroBitCount)
                    rest &= rest - 1
                }
            }
            return found
        }
        // Slots in competence order: read from the numbers when the table holds many of them (a
        // sort of thousands of slots was a tenth of this function), sorted when it holds few.
        let order: [Int] = sums.count * 16 >= index.codes.count
            ? slotOf.lazy.filter { $0 >= 0 }.map { Int($0) }
            : sums.indices.sorted { competenceOfSlot[$0] < competenceOfSlot[$1] }
        return Table(dimension: "competence", entries: order.map { slot in
            let code = index.codes[Int(competenceOfSlot[slot])]
            var value = sums[slot]
            value.sourceIDs = sources
            value.maskedCells = origins(originsOfSlot[slot]).reduce(0) { $0 + originCells[$1] }
            return .init(key: code, value: value)
        }, sharedMaskedCells: origins(all).reduce(0) { $0 + originCells[$1] })
        // No `maskedOrigins`: nothing spreads a competence table further (they were built for
        // thousands of competences and never read).
    }

    /// For each competence, the number of the table's métiers with a non-zero value (a
    /// comparison's 1s: the métiers in tension) that call for it.
    public static func sharedCompetences(_ table: Table, kind: String, _ referential: SkillsReferential) -> Table {
        let wanted = kinds(kind)
        var counts: [String: Int] = [:]
        var sources = referential.romeSourceIDs
        for entry in table.entries where (entry.value.number ?? 0) != 0 && entry.value.status != .masked {
            sources.formUnion(entry.value.sourceIDs)
            for use in referential.competences[entry.key] ?? [] where wanted?.contains(use.kind) ?? true {
                counts[use.code, default: 0] += 1
            }
        }
        return Table(dimension: "competence", entries: counts.keys.sorted().map {
            .init(key: $0, value: .exact(Double(counts[$0]!), sourceIDs: sources))
        })
    }

    /// The share of a ROME table's total in métiers flagged for each transition (a table keyed `transition`).
    public static func transitionShares(_ table: Table, _ referential: SkillsReferential) -> Table {
        let total = Evaluator.reduce("sum", table)
        return Table(dimension: "transition", entries: SkillsReferential.transitionNames.map { name in
            let flagged = table.entries.filter { referential.transitions[$0.key]?.contains(name) ?? false }
            var part = flagged.isEmpty ? Value.exact(0, sourceIDs: total.sourceIDs)
                                       : Evaluator.reduce("sum", Table(dimension: "rome", entries: flagged))
            part.sourceIDs.formUnion(referential.romeSourceIDs)
            var share = Value.combine(part, total, .divide)
            // The share reads the whole table: its masked cells are the table's, each once.
            share.maskedCells = table.maskedCells
            return .init(key: name, value: share)
        }, sharedMaskedCells: table.maskedCells)
    }

    /// |A ∩ B| / |A ∪ B|; 1 for two empty sets (identical).
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }

    /// The competence codes of a métier.
    public static func competenceSet(_ rome: String, _ referential: SkillsReferential) -> Set<String> {
        Set((referential.competences[rome] ?? []).map(\.code))
    }

    /// Thresholds of ``passerelles(jobseekers:tension:thresholds:_:)``.
    public struct Thresholds: Sendable, Hashable {
        /// A source métier has at least this many jobseekers…
        public var minJobseekers: Double
        /// …and a tension at most this.
        public var maxSourceTension: Double
        /// A target métier has a tension at least this.
        public var minTargetTension: Double

        public init(minJobseekers: Double, maxSourceTension: Double, minTargetTension: Double) {
            self.minJobseekers = minJobseekers
            self.maxSourceTension = maxSourceTension
            self.minTargetTension = minTargetTension
        }
    }

    /// Passerelles `FROM>TO` along ROME mobility links only, from métiers with many jobseekers and
    /// little tension to métiers in tension, valued by the Jaccard index of their competence sets,
    /// each with the labels of the target's competences the source lacks (cœur de métier first).
    public static func passerelles(jobseekers: Table, tension: Table, thresholds: Thresholds,
                                   _ referential: SkillsReferential) -> Table {
        func known(_ value: Value?) -> Double? {
            guard let value, value.status != .noValue, value.maskedCells == 0 else { return nil }
            return value.number
        }
        var entries: [Table.Entry] = []
        for source in jobseekers.entries {
            guard let count = known(source.value), count >= thresholds.minJobseekers,
                  let low = known(tension[source.key]), low <= thresholds.maxSourceTension else { continue }
            let from = competenceSet(source.key, referential)
            for target in referential.mobility[source.key] ?? [] {
                guard let high = known(tension[target]), high >= thresholds.minTargetTension else { continue }
                let to = referential.competences[target] ?? []
                guard !from.isEmpty, !to.isEmpty else { continue }
                var value = Value.exact(jaccard(from, Set(to.map(\.code))), sourceIDs: referential.romeSourceIDs)
                value.sourceIDs.formUnion(source.value.sourceIDs)
                value.sourceIDs.formUnion(tension[target]?.sourceIDs ?? .empty)
                let missing = to.filter { !from.contains($0.code) }
                    .sorted { ($0.isCore ? 0 : 1, $0.code) < ($1.isCore ? 0 : 1, $1.code) }
                    .map { (referential.competenceLabels[$0.code] ?? $0.code) + ($0.isCore ? " (cœur de métier)" : "") }
                entries.append(.init(key: "\(source.key)>\(target)", value: value, details: missing))
            }
        }
        return Table(dimension: "passerelle", entries: entries.sorted { $0.key < $1.key })
    }

    /// Per ROME code of the table, the training offers placed in the territory (or, with
    /// `certifications`, the active certifications) that lead to it; 0 when none.
    public static func training(_ table: Table, _ supply: TrainingSupply, certifications: Bool) -> Table {
        let counts = certifications ? supply.certifications : supply.offers
        let sources = ProvenanceRegistry.shared.set(certifications ? supply.certificationSources : supply.offerSources)
        return Table(dimension: table.dimension, entries: table.entries.map { entry in
            let value = Value.exact(Double(counts[entry.key] ?? 0), sourceIDs: sources)
            return .init(key: entry.key, value: value)
        })
    }
}
