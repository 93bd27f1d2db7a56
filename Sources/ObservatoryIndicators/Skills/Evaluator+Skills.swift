import ObservatoryCore

extension Evaluator {
    /// The competence, crosswalk, passerelle and training functions; `nil` for any other name.
    /// Each records what it read from the referentials in the trace, beside the measures read
    /// by its arguments, so that `observatory explain` leads from a ranking to BMO rows and ROME links.
    func callSkills(_ name: String, _ arguments: [Expression], territory: TerritoryID, period: Period) throws -> EvaluationResult? {
        guard FunctionCatalog.skillFunctions.contains(name) else { return nil }
        func table(_ index: Int) throws -> Table? {
            try evaluate(arguments[index], territory: territory, period: period).table
        }
        func number(_ index: Int) -> Double? {
            if case .number(let value, _)? = arguments.indices.contains(index) ? arguments[index] : nil { return value }
            return nil
        }
        func text(_ index: Int) -> String? {
            if case .text(let value, _)? = arguments.indices.contains(index) ? arguments[index] : nil { return value }
            return nil
        }
        func record(_ input: @autoclosure () -> String, _ result: EvaluationResult, _ note: @autoclosure () -> String?) {
            guard recordsTrace else { return }
            trace.append(TraceEntry(input: input(), territory: territory, period: period, result: result, note: note()))
        }
        let noReferential = MissingReason.noSkillsReferential
        if name == "training_offers" || name == "certifications" {
            guard let input = try table(0) else { return .scalar(.none(.functionNeeds(function: name, .romeTable))) }
            guard let supply = try data.trainingSupply(for: territory) else {
                return .scalar(.none(.noTrainingSupply))
            }
            if name == "training_offers", let uncovered = supply.offersUncovered {
                // Offers the catalogue does not hold are not zero offers.
                return .scalar(.none(uncovered, sources: supply.offerSources))
            }
            let result = SkillsMath.training(input, supply, certifications: name == "certifications")
            record(name == "certifications" ? "certifications RNCP/RS → ROME (national)"
                                            : "offres de formation → ROME, lieu → commune → \(territory)",
                   .table(result), name == "certifications" ? "certifications are national: the same for every territory"
                                                            : supply.note)
            return .table(result)
        }
        guard let referential = try data.skills() else { return .scalar(.none(noReferential)) }
        switch name {
        case "to_rome", "unmapped", "mapped_share":
            guard let input = try table(0) else { return .scalar(.none(.functionNeeds(function: name, .fapTable))) }
            let (rome, unmapped, crosswalk) = SkillsMath.toRome(input, referential)
            // The note is for explain only: built when the trace is recorded.
            func note() -> String {
                let declared = SkillsMath.crosswalk(for: input, in: referential).declared
                let mappedCodes = input.entries.count - unmapped.count
                let retired = crosswalk.map { SkillsMath.retiredRomeCodes($0, metiers: referential.metiers) } ?? []
                let chosen = declared.map { "declared \($0) in the catalogue" } ?? "nomenclature recognised from the codes"
                return "\(crosswalk?.nomenclature ?? declared ?? "no FAP nomenclature") → ROME 4.0 (\(chosen)), "
                    + "\(crosswalk?.method ?? "no crosswalk stored"): \(mappedCodes) of \(input.entries.count) codes mapped"
                    + (unmapped.isEmpty ? "" : "; unmapped: " + unmapped.prefix(20).joined(separator: ", ")
                        + (unmapped.count > 20 ? " … (\(unmapped.count))" : ""))
                    + (retired.isEmpty ? "" : "; ROME codes of the table not in the ROME 4.0 (left out): "
                        + retired.prefix(20).joined(separator: ", ") + (retired.count > 20 ? " … (\(retired.count))" : ""))
                    + "; masked cells counted once: \(rome.maskedCells)"
            }
            record("crosswalk \(crosswalk?.nomenclature ?? "FAP") → ROME of \(input.dimension) (\(crosswalk.map { Self.sourceList($0.sources) } ?? "no crosswalk"))",
                   .table(rome), note())
            switch name {
            case "to_rome":
                return .table(rome)
            case "unmapped":
                let left = Set(unmapped)
                return .table(Table(dimension: input.dimension, entries: input.entries.filter { left.contains($0.key) }))
            default:
                return .scalar(SkillsMath.mappedShare(input, referential))
            }
        case "competences", "shared_competences":
            guard let input = try table(0) else { return .scalar(.none(.functionNeeds(function: name, .romeTable))) }
            let kind = text(1) ?? "all"
            let weight = number(2) ?? 1
            let result = name == "competences"
                ? SkillsMath.competences(input, kind: kind, coreWeight: weight, referential)
                : SkillsMath.sharedCompetences(input, kind: kind, referential)
            if recordsTrace {
                let linked = Table(dimension: "rome", entries: input.entries.map { entry in
                    .init(key: entry.key, value: .exact(Double(referential.competences[entry.key]?.count ?? 0),
                                                        sourceIDs: referential.romeSourceIDs))
                })
                record("ROME competence links (\(kind)) of \(input.entries.count) métiers (\(Self.sourceList(referential.romeSources)))",
                   .table(linked), name == "competences"
                       ? "each competence gets its métier's value × 1, × \(FrenchFormat.number(weight, decimals: weight == weight.rounded() ? 0 : 2)) when cœur de métier"
                       : "number of métiers with a non-zero value that call for the competence")
            }
            return .table(result)
        case "transition_shares":
            guard let input = try table(0) else { return .scalar(.none(.functionNeeds(function: "transition_shares", .romeTable))) }
            if recordsTrace {
                let flagged = Table(dimension: "rome", entries: input.entries.compactMap { entry in
                    guard let flags = referential.transitions[entry.key], !flags.isEmpty else { return nil }
                    return .init(key: entry.key, value: .exact(Double(flags.count), sourceIDs: referential.romeSourceIDs),
                                 details: flags.sorted())
                })
                record("ROME transition flags of \(input.entries.count) métiers (\(Self.sourceList(referential.romeSources)))",
                       .table(flagged), "\(flagged.entries.count) métiers flagged for at least one transition")
            }
            return .table(SkillsMath.transitionShares(input, referential))
        case "passerelles":
            guard let jobseekers = try table(0), let tension = try table(1) else {
                return .scalar(.none(.functionNeeds(function: "passerelles", .twoRomeTables)))
            }
            let thresholds = SkillsMath.Thresholds(minJobseekers: number(2) ?? 0, maxSourceTension: number(3) ?? 0,
                                                   minTargetTension: number(4) ?? 0)
            let result = SkillsMath.passerelles(jobseekers: jobseekers, tension: tension, thresholds: thresholds, referential)
            if recordsTrace {
                let links = referential.mobility.values.reduce(0) { $0 + $1.count }
                record("ROME mobility links (\(links)) and competence sets (\(Self.sourceList(referential.romeSources)))",
                   .table(Table(dimension: "passerelle", entries: result.entries.map { .init(key: $0.key, value: $0.value) })),
                   "sources: ≥ \(FrenchFormat.number(thresholds.minJobseekers, decimals: 0)) jobseekers and tension ≤ "
                       + "\(thresholds.maxSourceTension); targets: tension ≥ \(thresholds.minTargetTension); valued by Jaccard")
            }
            return .table(result)
        default:
            return nil
        }
    }

    static func sourceList(_ sources: Set<Provenance>) -> String {
        sources.sorted().map { "\($0.dataset) \($0.vintage) \($0.file)" }.joined(separator: ", ")
    }
}
