/// The tables in a text, as byte ranges of its folded UTF-8: Markdown pipe tables, and lines of tab-,
/// comma- or semicolon-separated fields (CSV, TSV, a spreadsheet pasted into a chat). A table is two
/// or more consecutive lines with the same number of fields (at least two) by the same separator;
/// its first line is the header. A Markdown separator line (`|---|:--|`) is skipped. A pipe-table
/// row on a line of its own is a row of labels and values.
///
/// What a column holds is said by its header (姓名, 出生日期, Address), far from the cells below it:
/// ``labelledValues(in:keys:)`` pairs them for ``LabelledValueRecognizer``.
public struct TableLayout: Sendable {
    /// One table: `rows[0]` is the header; every row has the header's number of cells, each the
    /// byte range of its text without surrounding spaces and quotes (possibly empty).
    public struct Table: Sendable {
        public var rows: [[Range<Int>]]
        /// A table of labels and values (| 姓名 | 钱立群 |, | 电话 | 138… |): a row after the first
        /// starts with a known header, and the first row's second cell is none (it is a value, not
        /// the next column's header). Its values are the cells after labels, row by row.
        public var labelled: Bool
    }

    public let tables: [Table]

    /// Separators tried at a line, in order: pipes first, so a pipe table whose cells hold commas is
    /// read by its pipes.
    static let separators: [UInt8] = [0x7C, 0x09, 0x2C, 0x3B]   // | tab , ;

    /// The tables of `bytes`; nil when it has none (most texts: one line, or prose). `keys` are the
    /// labels the policy's recognizers read (``LabelledValue/key(_:)``): they tell a
    /// table of labels and values from one of columns.
    init?(bytes: [UInt8], keys: Set<[UInt8]>) {
        let lines = TableLayout.lines(of: bytes)
        guard !lines.isEmpty else { return nil }
        // How many of each separator every line holds, counted once: a table starts only where the
        // next line (or, after a Markdown rule, the one after it) holds as many, so prose lines are
        // never split into cells.
        let counts = lines.map { line in
            bytes[line].reduce(into: (0, 0, 0, 0)) { counts, byte in
                switch byte {
                case 0x7C: counts.0 += 1
                case 0x09: counts.1 += 1
                case 0x2C: counts.2 += 1
                case 0x3B: counts.3 += 1
                default: break
                }
            }
        }
        func count(_ line: Int, _ separator: Int) -> Int {
            switch separator {
            case 0: counts[line].0
            case 1: counts[line].1
            case 2: counts[line].2
            default: counts[line].3
            }
        }
        var tables: [Table] = []
        var index = 0
        while index < lines.count {
            var found: (table: Table, next: Int)?
            for (number, separator) in TableLayout.separators.enumerated() where index + 1 < lines.count && count(index, number) > 0 {
                let next = separator == 0x7C && TableLayout.isRule(lines[index + 1], in: bytes) && index + 2 < lines.count ? index + 2 : index + 1
                guard count(next, number) == count(index, number) else { continue }
                if let table = TableLayout.table(startingAt: index, of: lines, in: bytes, separator: separator) {
                    found = table
                    break
                }
            }
            if var found {
                let rows = found.table.rows
                found.table.labelled = !keys.contains(LabelledValue.key(bytes[rows[0][1]]))
                    && rows.dropFirst().contains { keys.contains(LabelledValue.key(bytes[$0[0]])) }
                tables.append(found.table)
                index = found.next
            } else {
                // A row of a pipe table on its own (| 姓名 | 钱立群 | 电话 | 8888 6666 |): labels and values.
                if count(index, 0) > 0 {
                    let cells = TableLayout.cells(of: lines[index], in: bytes, separator: 0x7C)
                    if cells.count >= 2 { tables.append(Table(rows: [cells], labelled: true)) }
                }
                index += 1
            }
        }
        guard !tables.isEmpty else { return nil }
        self.tables = tables
    }

    /// Each cell under a header that is one of `keys`; in a table of labels and values, each cell
    /// after a label that is one.
    func labelledValues(in bytes: [UInt8], keys: Set<[UInt8]>) -> [LabelledValue] {
        var values: [LabelledValue] = []
        for table in tables {
            if table.labelled {
                for row in table.rows {
                    for column in row.indices.dropLast() {
                        if let pair = LabelledValue.pair(label: row[column], value: row[column + 1], source: .label, in: bytes, keys: keys) {
                            values.append(pair)
                        }
                    }
                }
            } else {
                let header = table.rows[0]
                for column in header.indices {
                    guard let pair = LabelledValue.pair(label: header[column], value: header[column], source: .column, in: bytes, keys: keys) else { continue }
                    for row in table.rows.dropFirst() {
                        var cell = pair
                        cell.value = row[column]
                        values.append(cell)
                    }
                }
            }
        }
        return values
    }

    /// The table whose header is line `start`, and the index of the line after it.
    private static func table(startingAt start: Int, of lines: [Range<Int>], in bytes: [UInt8],
                              separator: UInt8) -> (table: Table, next: Int)? {
        let header = cells(of: lines[start], in: bytes, separator: separator)
        guard header.count >= 2 else { return nil }
        var rows = [header]
        var next = start + 1
        while next < lines.count {
            if separator == 0x7C && isRule(lines[next], in: bytes) {
                next += 1
                continue
            }
            let row = cells(of: lines[next], in: bytes, separator: separator)
            guard row.count == header.count else { break }
            rows.append(row)
            next += 1
        }
        return rows.count >= 2 ? (Table(rows: rows, labelled: false), next) : nil
    }

    /// Lines without their line break (and a carriage return before it); blank lines are kept, so
    /// they end a table.
    private static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(start..<(index > start && bytes[index - 1] == 0x0D ? index - 1 : index))
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines
    }

    /// The fields of a line split at `separator`, trimmed; for pipes, the line's leading and trailing
    /// pipe do not open an empty field. Empty when the line has no separator.
    private static func cells(of line: Range<Int>, in bytes: [UInt8], separator: UInt8) -> [Range<Int>] {
        var line = trimmed(line, in: bytes, quotes: false)
        guard bytes[line].contains(separator) else { return [] }
        if separator == 0x7C {
            if bytes[line.lowerBound] == 0x7C { line = (line.lowerBound + 1)..<line.upperBound }
            if line.upperBound > line.lowerBound && bytes[line.upperBound - 1] == 0x7C { line = line.lowerBound..<(line.upperBound - 1) }
        }
        var cells: [Range<Int>] = []
        var start = line.lowerBound
        for index in line where bytes[index] == separator {
            cells.append(trimmed(start..<index, in: bytes, quotes: true))
            start = index + 1
        }
        cells.append(trimmed(start..<line.upperBound, in: bytes, quotes: true))
        return cells
    }

    /// `range` without the spaces and tabs around it, and with `quotes`, one pair of quotes around it.
    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8], quotes: Bool) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
        while upper > lower && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
        if quotes, upper - lower >= 2, bytes[lower] == bytes[upper - 1], bytes[lower] == 0x22 || bytes[lower] == 0x27 {
            lower += 1
            upper -= 1
        }
        return lower..<upper
    }

    /// A Markdown rule line: only pipes, dashes, colons and spaces, with at least one dash.
    private static func isRule(_ line: Range<Int>, in bytes: [UInt8]) -> Bool {
        var dash = false
        for byte in bytes[line] {
            switch byte {
            case 0x2D: dash = true
            case 0x7C, 0x3A, 0x20, 0x09: continue
            default: return false
            }
        }
        return dash
    }
}
