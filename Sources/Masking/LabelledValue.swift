/// A value and the label that says what it is, far apart or in another syntax than a cue word before
/// a value: a table cell and its column's header, a cell after a label cell, a JSON or Python-dict
/// member, an XML element, a query parameter. Byte ranges of the folded text.
public struct LabelledValue: Sendable, Equatable {
    public enum Source: String, Sendable {
        /// A cell under its column's header.
        case column
        /// A cell after a label cell in the same row (| 姓名 | 钱立群 |).
        case label
        /// A JSON or dict member, an XML element or a query parameter ("id_number": "…", <dob>…</dob>, tel=…).
        case field
    }

    public var label: Range<Int>
    public var value: Range<Int>
    public var source: Source

    /// The labelled values of `bytes` whose label is one of `keys` (``key(_:)`` forms): tables' cells
    /// and structured fields, in text order within each kind.
    static func all(in bytes: [UInt8], present: ByteSet, keys: Set<[UInt8]>) -> [LabelledValue] {
        var values: [LabelledValue] = []
        // A table has two lines at least.
        if present.contains(0x0A), let layout = TableLayout(bytes: bytes, keys: keys) {
            values += layout.labelledValues(in: bytes, keys: keys)
        }
        values += StructuredFields.labelledValues(in: bytes, present: present, keys: keys)
        return values
    }

    /// How a label is compared: `Customer Name`, `customer_name`, `customerName` and `CUSTOMER-NAME:`
    /// are one key (ASCII lower-cased; spaces, `_`, `-`, `*` and `:` left out).
    static func key(_ label: ArraySlice<UInt8>) -> [UInt8] {
        label.compactMap { byte -> UInt8? in
            switch byte {
            case 0x20, 0x09, 0x5F, 0x2D, 0x2A, 0x3A: return nil
            case 0x41...0x5A: return byte | 0x20
            default: return byte
            }
        }
    }
}
