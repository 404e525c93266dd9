/// Finds values in the columns of a table whose header names their type (a `姓名` or `Name` column
/// of a pasted spreadsheet, an `出生日期` column of a Markdown table), and in a table of labels and
/// values, in the cell after a label (`| 姓名 | 钱立群 |`): what a policy file's `kind: table_column`
/// entry becomes.
///
/// A header is far from the cells under it, so no cue word is near them, and a name the model does
/// not know (钱立群, 孔乙己) or a date that is only a birth date by its column would stay. A cell is
/// taken when the whole of it matches the entry's `pattern` (and its validator passes); the reason
/// names the column.
public final class TableColumnRecognizer: Recognizer {
    public let id: String
    public let entityType: EntityType
    public let priority: Int
    public let score: Double
    public let validator: Validator
    /// The header texts as written in the policy.
    public let columns: [String]
    /// `\G(?:pattern)\z`: matched against one cell at a time.
    private let cellPattern: CompiledPattern
    /// The header texts as compared: folded, ASCII lower-cased, without spaces, `_`, `-`, `*` and `:`.
    let keys: Set<[UInt8]>

    public init(id: String, entityType: EntityType, columns: [String], pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0) throws(MaskingError) {
        self.id = id
        self.entityType = entityType
        self.columns = columns
        self.validator = validator
        self.score = score
        self.priority = priority
        cellPattern = try CompiledPattern("\\G(?:" + pattern + ")\\z", owner: id)
        keys = Set(columns.map { TableColumnRecognizer.key(ContextRule.foldedBytes($0)[...]) })
    }

    /// A table has a line break.
    public var textFilter: TextFilter {
        TextFilter(startBytes: nil, requiredBytes: ByteSet(units: [0x0A], caseless: false), minimumLength: 3)
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        guard let layout = text.tables else { return [] }
        guard let workspace = text.workspace ?? MatchWorkspace() else {
            throw .matchFailed(recognizer: id, message: "could not allocate PCRE2 match data")
        }
        let bytes = text.utf8
        var results: [Finding] = []
        var taken = Set<Int>()
        func take(_ cell: Range<Int>, label: Range<Int>, how: String) throws(MaskingError) {
            guard !cell.isEmpty, !taken.contains(cell.lowerBound),
                  try cellPattern.matchesWhole(cell, of: bytes, workspace: workspace) else { return }
            var reason = how + " " + String(decoding: bytes[label], as: UTF8.self)
            if validator != .none {
                let verdict = validator.validate(bytes: bytes[cell])
                guard verdict.passed else { return }
                reason = verdict.reason + "; " + reason
            }
            taken.insert(cell.lowerBound)
            results.append(Finding(type: entityType, start: text.scalarOffset(ofByte: cell.lowerBound),
                                   end: text.endScalarOffset(ofByte: cell.upperBound), score: score, recognizer: id, reason: reason))
        }
        for table in layout.tables {
            if table.labelled {
                // Label and value side by side in a row (| 姓名 | 钱立群 |), the first row too.
                for row in table.rows {
                    for column in row.indices.dropLast() where keys.contains(TableColumnRecognizer.key(bytes[row[column]])) {
                        try take(row[column + 1], label: row[column], how: "label")
                    }
                }
            } else {
                // The columns under a header this entry names.
                let header = table.rows[0]
                for column in header.indices where keys.contains(TableColumnRecognizer.key(bytes[header[column]])) {
                    for row in table.rows.dropFirst() { try take(row[column], label: header[column], how: "column") }
                }
            }
        }
        return results
    }

    /// How a header is compared: `Customer Name`, `customer_name` and `CUSTOMER-NAME:` are one key.
    static func key(_ header: ArraySlice<UInt8>) -> [UInt8] {
        header.compactMap { byte -> UInt8? in
            switch byte {
            case 0x20, 0x09, 0x5F, 0x2D, 0x2A, 0x3A: return nil
            case 0x41...0x5A: return byte | 0x20
            default: return byte
            }
        }
    }
}
