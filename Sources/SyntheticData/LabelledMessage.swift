import Masking

/// A generated customer-service message with the personal information it contains, labelled by
/// type and Unicode code-point span (end exclusive): the gold standard the masking quality test
/// compares findings against.
public struct LabelledMessage: Sendable, Codable, Hashable {
    public struct Span: Sendable, Codable, Hashable {
        public var type: String
        public var start: Int
        public var end: Int
    }

    public var id: Int
    public var text: String
    public var spans: [Span]
}

/// Builds one message piece by piece, keeping track of code-point offsets for the labels.
struct MessageBuilder {
    private(set) var text = ""
    private(set) var spans: [LabelledMessage.Span] = []
    private var length = 0

    mutating func add(_ plain: String) {
        separateIfGlued(plain)
        text += plain
        length += plain.unicodeScalars.count
    }

    mutating func add(_ type: EntityType, _ value: String) {
        separateIfGlued(value)
        let count = value.unicodeScalars.count
        spans.append(.init(type: type.rawValue, start: length, end: length + count))
        text += value
        length += count
    }

    /// Two pieces that would run together into one longer word or number (`95588` + `1101…`) are
    /// ambiguous even to a person, so the generator keeps a space between them. Numbers glued to
    /// Chinese text stay glued: that is the hard case the corpus is meant to have.
    private mutating func separateIfGlued(_ next: String) {
        guard let last = text.unicodeScalars.last, let first = next.unicodeScalars.first,
              MessageBuilder.isWordCharacter(last), MessageBuilder.isWordCharacter(first) else { return }
        text += " "
        length += 1
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let folded = NormalizedText.fold(scalar)
        return folded.isASCII && (folded.properties.isAlphabetic || ("0"..."9").contains(folded) || "+#$@.".unicodeScalars.contains(folded))
    }
}
