/// One policy file as written in `Policies/pii/*.yaml`. Every section is optional; a bundle is the
/// union of its files.
///
/// ```yaml
/// recognizers:
///   - id: cn_mobile
///     type: PHONE
///     pattern: '(?<![0-9])1[3-9][0-9]{9}(?![0-9])'
///     validator: none
///     score: 0.85
///     priority: 20
///     context:
///       - before: [订单号, 流水号]
///         adjustment: -0.5
/// operators:
///   PHONE: { operator: partial, keep_first: 3, keep_last: 4 }
/// allow:
///   - type: PHONE
///     values: ["95588"]
///     patterns: ['400[0-9]{7}']
/// settings:
///   min_score: 0.5
/// ```
public struct PolicyFile: Sendable, Codable, Hashable {
    /// Named pieces of pattern this file's recognizers call as `(?&name)` (``PatternFragments``).
    public var fragments: [String: String]?
    public var recognizers: [RecognizerSpec]?
    public var operators: [String: OperatorSpec]?
    public var allow: [AllowSpec]?
    public var settings: PolicySettings?

    static let keys: Set<String> = ["fragments", "recognizers", "operators", "allow", "settings"]
}

/// A recognizer entry: a PCRE2 pattern with validator and context, a built-in rule-based kind
/// (`chinese_name`) with its lexicon, or values named by a label (`labelled_value`: table columns
/// and JSON, XML and query fields) with the labels and the pattern a whole value must match.
public struct RecognizerSpec: Sendable, Codable, Hashable {
    public var id: String
    public var type: String
    /// `pattern` (default), `chinese_name` or `labelled_value`.
    public var kind: String?
    public var pattern: String?
    public var validator: String?
    public var score: Double
    public var priority: Int?
    public var context: [ContextRule]?
    /// Words at least one of which must occur in the text for the pattern to be tried: a cheap
    /// gate for patterns that are costly to run everywhere (addresses, organisations).
    public var requiresAny: [String]?
    /// Words every match contains near its start: the pattern is then only tried just before
    /// where one of them occurs, not at every position of the text.
    public var anchor: AnchorSpec?
    public var enabled: Bool?
    public var lexicon: ChineseNameLexicon?
    public var scores: ChineseNameScores?
    /// For `kind: labelled_value`: the labels of values of this type: column headers, label cells,
    /// JSON, XML and query field names (姓名, Name, 出生日期, id_number): compared ignoring case,
    /// spaces, `_`, `-`, `*` and `:`.
    public var labels: [String]?
    /// Free text for policy authors: why the rule exists, which regulation it follows.
    public var description: String?

    static let keys: Set<String> = ["id", "type", "kind", "pattern", "validator", "score", "priority", "context",
                                    "requires_any", "anchor", "enabled", "lexicon", "scores", "labels", "description"]

    enum CodingKeys: String, CodingKey {
        case id, type, kind, pattern, validator, score, priority, context, requiresAny = "requires_any", anchor, enabled, lexicon, scores, labels, description
    }
    static let kinds: Set<String> = ["pattern", "chinese_name", "labelled_value"]
}

/// A promise about a pattern that lets the detector skip most of the text: every match contains one
/// of `words`, starting at most `reach` code points after the match's own start. An organisation
/// name ends in 公司 or 银行 within its first 20 characters; an address starts with a province or
/// city name (`reach: 0`). The pattern is then tried only from `reach` code points before each
/// occurrence of a word up to the occurrence, and not at all in a text without one.
public struct AnchorSpec: Sendable, Codable, Hashable {
    public var words: [String]
    public var reach: Int

    public init(words: [String], reach: Int) {
        self.words = words
        self.reach = reach
    }

    static let keys: Set<String> = ["words", "reach"]
}

/// The operator for one entity type.
public struct OperatorSpec: Sendable, Codable, Hashable {
    /// `tag`, `vault`, `partial`, `redact`, `hmac` or `keep`.
    public var `operator`: String
    public var keepFirst: Int?
    public var keepLast: Int?
    public var maskChar: String?
    public var replacement: String?

    enum CodingKeys: String, CodingKey {
        case `operator`, keepFirst = "keep_first", keepLast = "keep_last", maskChar = "mask_char", replacement
    }

    static let keys: Set<String> = ["operator", "keep_first", "keep_last", "mask_char", "replacement"]
}

/// Values of one type that are not personal (service numbers, hotlines).
public struct AllowSpec: Sendable, Codable, Hashable {
    public var type: String
    public var values: [String]?
    /// Matched against the canonical value (folded, separators dropped, upper-cased).
    public var patterns: [String]?
    /// Matched against the value as written (folded only): for values only separators tell apart.
    public var writtenPatterns: [String]?
    public var description: String?

    static let keys: Set<String> = ["type", "values", "patterns", "written_patterns", "description"]

    enum CodingKeys: String, CodingKey {
        case type, values, patterns, writtenPatterns = "written_patterns", description
    }
}

/// Bundle-wide settings; at most one file may set them.
public struct PolicySettings: Sendable, Codable, Hashable {
    /// Findings scoring below this are dropped (default 0.5).
    public var minScore: Double?
    /// Texts larger than this are refused (default 4 MiB).
    public var maxInputBytes: Int?

    enum CodingKeys: String, CodingKey { case minScore = "min_score", maxInputBytes = "max_input_bytes" }

    static let keys: Set<String> = ["min_score", "max_input_bytes"]
}
