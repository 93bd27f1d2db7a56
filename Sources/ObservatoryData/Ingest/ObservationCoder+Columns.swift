import ObservatoryCore

/// The columns a row is coded from: territory, names, dimensions, labels, parents, periods.
extension ObservationCoder {
    struct DimensionColumn {
        let name: String
        let index: Int
        let column: IngestSpec.Column
        var fields = FieldInterner()
        var codeOfField: [Slot] = []
        var codes: [String] = []
        var codeIndex: [String: Slot] = [:]
    }

    struct ParentColumn {
        let geography: Geography
        let index: Int
        let column: IngestSpec.Column
        let labelIndex: Int?
        var fields = FieldInterner()
        var parentOfField: [Slot] = []
    }

    struct ExcludeColumn {
        let index: Int
        let values: Set<String>
        var fields = FieldInterner()
        var excluded: [Bool] = []
    }

    /// The row's territory number, and its name when known without reading the name column: the
    /// written name of a territory matched by name that was not found (kept when the name column
    /// is empty), or the name a territory column chosen by another column's value gives.
    mutating func territory(_ row: some FieldRow) throws -> (Slot, String?)? {
        switch indexes.territory {
        case .fixed(let id):
            if let fixedTerritory { return (fixedTerritory, nil) }
            let number = register(id)
            fixedTerritory = number
            return (number, nil)
        case .column(let index, _, _, _):
            let (field, isNew) = row.intern(index, in: &territoryField)
            if isNew {
                if let found = try plan.territory(indexes.territory, row) {
                    let (id, fallback) = matched(found.id)
                    territoryOfField.append(register(id))
                    fallbackNameOfField.append(fallback)
                } else {
                    territoryOfField.append(Self.none)
                    fallbackNameOfField.append(nil)
                }
            }
            let number = territoryOfField[Int(field)]
            return number == Self.none ? nil : (number, fallbackNameOfField[Int(field)])
        case .switched:
            guard let found = try plan.territory(indexes.territory, row) else { return nil }
            let (id, fallback) = matched(found.id)
            return (register(id), found.name ?? fallback)
        }
    }

    /// With `match: name`: the code of the store's territory of that name, or the written name kept.
    mutating func matched(_ id: TerritoryID) -> (TerritoryID, String?) {
        guard plan.spec.matchTerritoryByName else { return (id, nil) }
        let written = id.code
        if let code = codesByName[NameKey.fold(written)] {
            report.matchedNames.insert(written)
            return (TerritoryID(id.geography, code), nil)
        }
        report.unmatchedNames.insert(written)
        return (id, written)
    }

    mutating func register(_ id: TerritoryID) -> Slot {
        let (number, isNew) = dictionaries.territory(id)
        if isNew {
            named.append(false)
            report.territories.insert(id)
        }
        return number
    }

    /// The first name a row gives a territory (from its name column, else `known`) is kept,
    /// unless a parent column named it first.
    mutating func name(_ territory: Slot, _ row: some FieldRow, _ known: String?) {
        let id = dictionaries.territories[Int(territory)]
        if report.territoryNames[id] != nil {
            named[Int(territory)] = true
            return
        }
        var name: String?
        var later = plan.spec.matchTerritoryByName
        switch indexes.territory {
        case .column(_, _, _, let nameIndex?):
            let text = row.cell(nameIndex).trimmed
            if !text.isEmpty { name = text }
            later = true
        case .switched:
            later = true
        default:
            break
        }
        guard let name = name ?? known else {
            // No row can name it (no name column): do not look again.
            if !later { named[Int(territory)] = true }
            return
        }
        report.territoryNames[id] = report.capped(name)
        named[Int(territory)] = true
    }

    mutating func dimensionSet(_ row: some FieldRow) -> Slot {
        for d in dimensions.indices {
            let (field, isNew) = row.intern(dimensions[d].index, in: &dimensions[d].fields)
            if isNew {
                let code = RowPlan.code(row.cell(dimensions[d].index), dimensions[d].column)
                if let known = dimensions[d].codeIndex[code] {
                    dimensions[d].codeOfField.append(known)
                } else {
                    let number = Slot(dimensions[d].codes.count)
                    dimensions[d].codes.append(code)
                    dimensions[d].codeIndex[code] = number
                    dimensions[d].codeOfField.append(number)
                }
            }
            codes[d] = dimensions[d].codeOfField[Int(field)]
        }
        let (tuple, isNew) = Self.intern(codes, in: &codeTuples)
        if isNew {
            var values: [String: String] = [:]
            for d in dimensions.indices { values[dimensions[d].name] = dimensions[d].codes[Int(codes[d])] }
            setOfTuple.append(dictionaries.dimensionSet(values))
        }
        return setOfTuple[Int(tuple)]
    }

    private static func intern(_ codes: [Slot], in interner: inout ByteInterner) -> (index: Int32, isNew: Bool) {
        codes.withUnsafeBytes { raw in
            interner.index(of: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    /// The first label a row gives a dimension's code is kept.
    mutating func label(_ k: Int, _ row: some FieldRow) {
        let label = indexes.labels[k]
        let d = labelDimension[k]
        let code = Int(codes[d])
        if labelled[k].count <= code { labelled[k] += Array(repeating: false, count: code + 1 - labelled[k].count) }
        guard !labelled[k][code] else { return }
        let codeText = dimensions[d].codes[code]
        if codeText.isEmpty {
            labelled[k][code] = true
            return
        }
        let text = row.cell(label.index).trimmed
        guard !text.isEmpty else { return }
        if report.labels[label.dimension]?[codeText] == nil {
            report.labels[label.dimension, default: [:]][codeText] = report.capped(text)
        }
        labelled[k][code] = true
    }

    mutating func parent(_ k: Int, of territory: Slot, _ row: some FieldRow) {
        let (field, isNew) = row.intern(parents[k].index, in: &parents[k].fields)
        if isNew {
            let code = RowPlan.code(row.cell(parents[k].index), parents[k].column)
            if code.isEmpty {
                parents[k].parentOfField.append(Self.none)
            } else {
                let id = TerritoryID(parents[k].geography, code)
                if let known = parentIndex[id] {
                    parents[k].parentOfField.append(known)
                } else {
                    let number = Slot(parentIDs.count)
                    parentIDs.append(id)
                    parentIndex[id] = number
                    parentNamed.append(false)
                    parents[k].parentOfField.append(number)
                }
            }
        }
        let parent = parents[k].parentOfField[Int(field)]
        guard parent != Self.none else { return }
        let pair = UInt64(UInt32(bitPattern: territory)) << 32 | UInt64(UInt32(bitPattern: parent))
        if pair != lastPair {
            if parentPairs.insert(pair).inserted {
                report.parents[dictionaries.territories[Int(territory)], default: []].insert(parentIDs[Int(parent)])
            }
            lastPair = pair
        }
        guard let labelIndex = parents[k].labelIndex, !parentNamed[Int(parent)] else { return }
        let id = parentIDs[Int(parent)]
        if report.territoryNames[id] != nil {
            parentNamed[Int(parent)] = true
            return
        }
        let name = row.cell(labelIndex).trimmed
        guard !name.isEmpty else { return }
        report.territoryNames[id] = report.capped(name)
        parentNamed[Int(parent)] = true
    }

    mutating func columnPeriod(_ index: Int, _ row: some FieldRow) throws -> Slot {
        let (field, isNew) = row.intern(index, in: &periodField)
        if isNew {
            periodOfField.append(Period.loose(row.cell(index).trimmed).map { dictionaries.period($0) } ?? Self.invalid)
        }
        let period = periodOfField[Int(field)]
        if period == Self.invalid {
            throw IngestError.badPeriod(source: plan.source, row: row.number, text: row.cell(index).trimmed)
        }
        return period
    }

    mutating func yearQuarterPeriod(_ yearIndex: Int, _ quarterIndex: Int, _ row: some FieldRow) throws -> Slot {
        let (year, newYear) = row.intern(yearIndex, in: &yearField)
        if newYear { yearText.append(CodeNormalizer.normalize(row.cell(yearIndex).trimmed, pad: nil)) }
        let (quarter, newQuarter) = row.intern(quarterIndex, in: &quarterField)
        if newQuarter { quarterText.append(CodeNormalizer.normalize(row.cell(quarterIndex).trimmed, pad: nil)) }
        let pair = UInt64(UInt32(bitPattern: year)) << 32 | UInt64(UInt32(bitPattern: quarter))
        if let known = periodOfPair[pair], known != Self.invalid { return known }
        let y = yearText[Int(year)], q = quarterText[Int(quarter)]
        guard let yearNumber = Int(y), let quarterNumber = Int(q), (1...4).contains(quarterNumber) else {
            periodOfPair[pair] = Self.invalid
            throw IngestError.badPeriod(source: plan.source, row: row.number, text: "\(y) T\(q)")
        }
        let period = dictionaries.period(.quarter(yearNumber, quarterNumber))
        periodOfPair[pair] = period
        return period
    }
}
