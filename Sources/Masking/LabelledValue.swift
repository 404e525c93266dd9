/// A value and the label that says what it is, far apart or in another syntax than a cue word before
/// a value: a table cell and its column's header, a cell after a label cell, a JSON or Python-dict
/// member, an XML element, a query parameter. Byte ranges of the folded text.
public struct LabelledValue: Sendable, Equatable {
    public enum Source: String, Sendable {
        /// A cell under its column's header.
        case column
        /// A cell after a label cell in the same row (| 姓名 | 钱立群 |).
        case label
        /// A JSON or dict member, an XML element or a query parameter ("id_number": "…", <dob>…</dob>,
        /// tel=…), or a whole text masked as the value of a named field (a dataset record's `phone`).
        case field
    }

    /// The label as written (for the finding's reason), and as compared (``key(_:)``).
    public var label: String
    public var key: [UInt8]
    public var value: Range<Int>
    public var source: Source

    public init(label: String, key: [UInt8], value: Range<Int>, source: Source) {
        self.label = label
        self.key = key
        self.value = value
        self.source = source
    }

    /// The pair for the label at `label` in `bytes` when its key is one of `keys`.
    static func pair(label: Range<Int>, value: Range<Int>, source: Source, in bytes: [UInt8], keys: Set<[UInt8]>) -> LabelledValue? {
        let key = key(bytes[label])
        guard keys.contains(key) else { return nil }
        return LabelledValue(label: String(decoding: bytes[label], as: UTF8.self), key: key, value: value, source: source)
    }

    /// The labelled values of `bytes` whose label is one of `keys` (``key(_:)`` forms): tables' cells
    /// and structured fields, in text order within each kind.
    static func all(in bytes: [UInt8], present: ByteSet, keys: Set<[UInt8]>, fieldLabel: String?) -> [LabelledValue] {
        var values: [LabelledValue] = []
        // The whole text, when it is the value of a field whose name is a label (without the spaces
        // around it, and a full stop after it): a bare value, short and of one clause.
        if let fieldLabel, case let key = fieldKey(fieldLabel), keys.contains(key) {
            var lower = 0, upper = bytes.count
            while lower < upper && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[lower]) { lower += 1 }
            while upper > lower && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[upper - 1]) { upper -= 1 }
            if upper - lower >= 3, bytes[(upper - 3)..<upper].elementsEqual([0xE3, 0x80, 0x82]) { upper -= 3 }   // 。
            if upper - lower <= maximumBareValueBytes, !bytes[lower..<upper].contains(where: { [0x2C, 0x3B, 0x21, 0x3F, 0x0A].contains($0) }),
               !LabelledValue.contains([0xE3, 0x80, 0x82], in: bytes[lower..<upper]) {
                values.append(LabelledValue(label: fieldLabel, key: key, value: lower..<upper, source: .field))
            }
        }
        // A table has two lines at least, or is one row of pipes.
        if present.contains(0x0A) || present.contains(0x7C), let layout = TableLayout(bytes: bytes, keys: keys) {
            values += layout.labelledValues(in: bytes, keys: keys)
        }
        values += StructuredFields.labelledValues(in: bytes, present: present, keys: keys)
        return values
    }

    /// A hash of ``fieldKey(_:)`` computed without building it: most field names are no label, and
    /// asking about each string of a dataset should cost no allocation.
    static func fieldKeyHash(_ name: String) -> UInt64 {
        // The same steps as ``key(_:)``, hashed as they go.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var empty = true
        for byte in name.utf8 {
            switch byte {
            case 0x20, 0x09, 0x5F, 0x2D, 0x2A, 0x3A: continue
            case 0x28 where !empty, 0x5B where !empty: return hash
            default:
                hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) &* 0x100_0000_01b3
                empty = false
            }
        }
        return hash
    }

    /// The same hash of a key already built.
    static func keyHash(_ key: [UInt8]) -> UInt64 {
        key.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// The key of a field's name as a record spells it (`home_phone`, `idNumber`): its bytes as they
    /// are, without the fold a text gets (field names are not written in full-width forms), so that
    /// asking costs no preparation of the name.
    static func fieldKey(_ name: String) -> [UInt8] {
        key(Array(name.utf8)[...])
    }

    /// The longest text taken whole as a field's value: 96 bytes (32 Chinese characters); a longer
    /// one, or one with a comma, a semicolon, a line break or a sentence end inside, is prose, read
    /// by the other recognizers.
    static let maximumBareValueBytes = 96

    /// Whether `needle` occurs in `haystack` (a plain search: Foundation's `firstRange(of:)` on bytes
    /// is generic and took a third of a scrub's time).
    static func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// How a label is compared: `Customer Name`, `customer_name`, `customerName` and `CUSTOMER-NAME:`
    /// are one key (ASCII lower-cased; spaces, `_`, `-`, `*` and `:` left out).
    /// A remark in brackets after a label (手机号(必填), Phone (mobile)) is left out too.
    static func key(_ label: ArraySlice<UInt8>) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(label.count)
        for byte in label {
            switch byte {
            case 0x20, 0x09, 0x5F, 0x2D, 0x2A, 0x3A: continue
            case 0x28 where !key.isEmpty, 0x5B where !key.isEmpty: return key
            case 0x41...0x5A: key.append(byte | 0x20)
            default: key.append(byte)
            }
        }
        return key
    }
}
