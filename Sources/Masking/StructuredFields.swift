/// Values labelled by the syntax around them rather than by words before them: JSON and Python-dict
/// members (`"id_number": "110105491231002"`, `{'dob': '1990-03-07'}`, `"phone": 88886666`), XML
/// elements (`<idNumber>…</idNumber>`), HTML table rows (`<tr><td>姓名</td><td>钱立群</td></tr>`, and the
/// columns under a row of `<th>` headers) and query or form parameters (`tel=88886666&pwd=…`). A key
/// written `id_number`, `idNumber` or `ID-Number` is one label (``LabelledValue/key(_:)``); in JSON
/// the punctuation between key and value put the value out of a cue word's window.
enum StructuredFields {
    /// The fields of `bytes` whose key is one of `keys`. Each kind of field is looked for only when
    /// the bytes it needs are present.
    static func labelledValues(in bytes: [UInt8], present: ByteSet, keys: Set<[UInt8]>) -> [LabelledValue] {
        var values: [LabelledValue] = []
        if present.contains(0x3A) && (present.contains(0x22) || present.contains(0x27)) {
            members(in: bytes, keys: keys, into: &values)
        }
        if present.contains(0x3C) && present.contains(0x2F) {
            elements(in: bytes, keys: keys, into: &values)
            htmlRows(in: bytes, keys: keys, into: &values)
        }
        if present.contains(0x3D) { parameters(in: bytes, keys: keys, into: &values) }
        return values
    }

    /// Keys longer than this are no label of a value (and are not compared).
    static let longestKey = 48

    /// `"key": "value"`, `'key': 'value'`, `"key": 123`.
    private static func members(in bytes: [UInt8], keys: Set<[UInt8]>, into values: inout [LabelledValue]) {
        var index = 0
        while index < bytes.count {
            let quote = bytes[index]
            guard quote == 0x22 || quote == 0x27 else {
                index += 1
                continue
            }
            guard let key = string(in: bytes, from: index) else {
                // No string closes on this line from here: no member starts on the rest of it either
                // (looking again from each later quote made a line of unclosed quotes quadratic).
                index = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
                continue
            }
            var next = skipSpaces(in: bytes, from: key.upperBound + 1)
            guard next < bytes.count, bytes[next] == 0x3A else {
                // Not a key: go on after the string, which may hold quotes of the other kind.
                index = key.upperBound + 1
                continue
            }
            next = skipSpaces(in: bytes, from: next + 1)
            if key.count <= longestKey, next < bytes.count {
                var value: Range<Int>?
                if (bytes[next] == 0x22 || bytes[next] == 0x27), let string = string(in: bytes, from: next) {
                    value = string
                } else if bytes[next] &- 0x30 < 10 || bytes[next] == 0x2B {
                    var end = next + 1
                    while end < bytes.count && (bytes[end] &- 0x30 < 10 || bytes[end] == 0x2E) { end += 1 }
                    value = next..<end
                }
                if let value, let pair = LabelledValue.pair(label: key, value: value, source: .field, in: bytes, keys: keys) { values.append(pair) }
            }
            index = next
        }
    }

    /// The inside of the string whose opening quote is at `start` (backslash escapes skipped), on one
    /// line; nil when it does not close there.
    private static func string(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case 0x5C: index += 2
            case 0x0A: return nil
            case quote: return (start + 1)..<index
            default: index += 1
            }
        }
        return nil
    }

    private static func skipSpaces(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return index
    }

    /// `<key>value</key>` (attributes on the opening tag allowed), the value without markup.
    private static func elements(in bytes: [UInt8], keys: Set<[UInt8]>, into values: inout [LabelledValue]) {
        var index = 0, nextClose = -1
        while index < bytes.count {
            guard bytes[index] == 0x3C, index + 1 < bytes.count, isNameByte(bytes[index + 1]) else {
                index += 1
                continue
            }
            var nameEnd = index + 1
            while nameEnd < bytes.count && isNameByte(bytes[nameEnd]) { nameEnd += 1 }
            // The next `>`, found once for every tag before it (each tag looking afresh made a text of
            // unclosed tags quadratic).
            if nextClose < nameEnd { nextClose = bytes[nameEnd...].firstIndex(of: 0x3E) ?? bytes.count }
            guard nextClose < bytes.count else { return }
            let close = nextClose
            guard bytes[close - 1] != 0x2F else {
                index = nameEnd
                continue
            }
            let name = (index + 1)..<nameEnd
            let valueStart = close + 1
            var valueEnd = valueStart
            while valueEnd < bytes.count && bytes[valueEnd] != 0x3C { valueEnd += 1 }
            // The element must close right after its text, with the same name.
            let closing = [0x3C, 0x2F] + bytes[name] + [0x3E]
            if name.count <= longestKey, valueEnd + closing.count <= bytes.count,
               bytes[valueEnd..<(valueEnd + closing.count)].elementsEqual(closing),
               let pair = LabelledValue.pair(label: name, value: trimmed(valueStart..<valueEnd, in: bytes), source: .field, in: bytes, keys: keys) {
                values.append(pair)
            }
            index = valueEnd
        }
    }

    /// HTML table rows: in each row, the cell after a cell holding a label; under a first row of
    /// `<th>` headers, each cell of a column whose header is one. A cell's text may sit inside inline
    /// tags (``cellText(from:in:)``); a cell holding more than one run of text is skipped.
    private static func htmlRows(in bytes: [UInt8], keys: Set<[UInt8]>, into values: inout [LabelledValue]) {
        var header: [Range<Int>]?
        var row: [Range<Int>] = [], rowIsHeader = true, rows = 0
        func endRow() {
            guard !row.isEmpty else { return }
            if rows == 0 && rowIsHeader { header = row }
            // A header row names columns; its next cell is the next header, not a value.
            for index in row.indices.dropLast() where !rowIsHeader {
                if let pair = LabelledValue.pair(label: row[index], value: row[index + 1], source: .label, in: bytes, keys: keys) { values.append(pair) }
            }
            if let header, rows > 0 {
                for index in row.indices where index < header.count {
                    if let pair = LabelledValue.pair(label: header[index], value: row[index], source: .column, in: bytes, keys: keys) { values.append(pair) }
                }
            }
            rows += 1
            row = []
            rowIsHeader = true
        }
        var index = 0
        while index + 3 < bytes.count {
            guard bytes[index] == 0x3C else {
                index += 1
                continue
            }
            let name = (bytes[index + 1] | 0x20, bytes[index + 2] | 0x20)
            let after = bytes[index + 3]
            let endsName = after == 0x3E || after == 0x20 || after == 0x09 || after == 0x0A
            if name == (0x74, 0x61) && index + 6 < bytes.count && bytes[(index + 3)..<(index + 6)].map({ $0 | 0x20 }) == [0x62, 0x6C, 0x65] {
                endRow()                                                // <table: its own header
                header = nil
                rows = 0
            } else if name == (0x74, 0x72) && endsName {                // <tr
                endRow()
            } else if bytes[index + 1] == 0x2F && index + 4 < bytes.count && (bytes[index + 2] | 0x20, bytes[index + 3] | 0x20) == (0x74, 0x72) {
                endRow()                                                // </tr
            } else if name.0 == 0x74 && (name.1 == 0x64 || name.1 == 0x68) && endsName {   // <td, <th
                guard let open = bytes[(index + 3)...].firstIndex(of: 0x3E) else { return }
                // A cell's one run of text, inside any inline tags; a cell holding more keeps its
                // place in the row as an empty cell.
                let (text, end) = cellText(from: open + 1, in: bytes)
                row.append(text.map { trimmed($0, in: bytes) } ?? end..<end)
                if name.1 != 0x68 { rowIsHeader = false }
                index = end
                continue
            }
            index += 1
        }
        endRow()
    }

    /// The text of a table cell whose content starts at `start`: its one run of text, inside any
    /// inline tags around it (`<b>钱立群</b>`, `<span class="v">…</span>`, `<a href="…">…</a>`), when the
    /// cell's closing tag (`</td`, `</th`) follows them; nil when anything else is in the cell (two runs
    /// of text, a line break between them, a nested table, no closing tag). `end`: where reading
    /// stopped, at the `<` of the closing tag or of what was not read, so each byte is looked at once.
    private static func cellText(from start: Int, in bytes: [UInt8]) -> (text: Range<Int>?, end: Int) {
        let count = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        /// Whether the tag at `index` (a `<`) is a table's own: td, th, tr, table, tbody, thead.
        func isTableTag(_ index: Int) -> Bool {
            let name = bytes[index + 1] == 0x2F ? index + 2 : index + 1
            return name + 1 < count && bytes[name] | 0x20 == 0x74 && [0x64, 0x68, 0x72, 0x61, 0x62].contains(bytes[name + 1] | 0x20)
        }
        var index = start
        // Opening inline tags.
        while index < count {
            while index < count && isSpace(bytes[index]) { index += 1 }
            guard index + 1 < count, bytes[index] == 0x3C, (bytes[index + 1] | 0x20) &- 0x61 < 26, !isTableTag(index) else { break }
            guard let close = bytes[index...].firstIndex(of: 0x3E) else { return (nil, count) }
            index = close + 1
        }
        let textStart = index
        while index < count && bytes[index] != 0x3C { index += 1 }
        let text = textStart..<index
        // Closing inline tags, then the cell's own.
        while index + 2 < count, bytes[index] == 0x3C, bytes[index + 1] == 0x2F {
            if isTableTag(index) { return (text, index) }
            guard let close = bytes[index...].firstIndex(of: 0x3E) else { return (nil, count) }
            index = close + 1
            while index < count && isSpace(bytes[index]) { index += 1 }
        }
        return (nil, index)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x5F || byte == 0x2D || byte == 0x2E || byte >= 0x80
    }

    /// `key=value` after the start, `?`, `&`, `;` or a space; the value up to `&`, `;`, a space or the end.
    private static func parameters(in bytes: [UInt8], keys: Set<[UInt8]>, into values: inout [LabelledValue]) {
        var index = 0
        while let equals = bytes[index...].firstIndex(of: 0x3D) {
            var keyStart = equals
            while keyStart > 0 && equals - keyStart <= longestKey && isNameByte(bytes[keyStart - 1]) { keyStart -= 1 }
            let boundary = keyStart == 0 || [0x3F, 0x26, 0x3B, 0x20, 0x0A, 0x09].contains(bytes[keyStart - 1])
            var valueEnd = equals + 1
            while valueEnd < bytes.count && ![0x26, 0x3B, 0x20, 0x0A, 0x09, 0x0D].contains(bytes[valueEnd]) { valueEnd += 1 }
            if boundary, keyStart < equals, equals - keyStart <= longestKey,
               let pair = LabelledValue.pair(label: keyStart..<equals, value: (equals + 1)..<valueEnd, source: .field, in: bytes, keys: keys) {
                values.append(pair)
            }
            index = max(equals + 1, valueEnd)
            if index >= bytes.count { break }
        }
    }

    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[lower]) { lower += 1 }
        while upper > lower && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
