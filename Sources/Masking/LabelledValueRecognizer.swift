/// Finds values by their label where no cue word is near them: the cells of a table column whose
/// header names a type (a `姓名` or `Name` column of a pasted spreadsheet, an `出生日期` column of a
/// Markdown table), the cell after a label cell (`| 姓名 | 钱立群 |`), and JSON, dict, XML and query
/// fields (`"id_number": "…"`, `<dob>…</dob>`, `tel=…`): what a policy file's `kind: labelled_value`
/// entry becomes. ``LabelledValue`` finds the pairs once per text.
///
/// A value is taken when the whole of it matches the entry's `pattern` (and its validator passes);
/// the reason names the label: `column 姓名`, `label 密码`, `field id_number`.
public final class LabelledValueRecognizer: Recognizer {
    public let id: String
    public let entityType: EntityType
    public let priority: Int
    public let score: Double
    public let validator: Validator
    /// The labels as written in the policy.
    public let labels: [String]
    /// `\G(?:pattern)\z`: matched against one value at a time.
    private let valuePattern: CompiledPattern
    /// The labels as compared (``LabelledValue/key(_:)``).
    let keys: Set<[UInt8]>

    public init(id: String, entityType: EntityType, labels: [String], pattern: String, validator: Validator = .none,
                score: Double, priority: Int = 0) throws(MaskingError) {
        self.id = id
        self.entityType = entityType
        self.labels = labels
        self.validator = validator
        self.score = score
        self.priority = priority
        valuePattern = try CompiledPattern("\\G(?:" + pattern + ")\\z", owner: id)
        keys = Set(labels.map { LabelledValue.key(ContextRule.foldedBytes($0)[...]) })
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        guard !text.labelledValues.isEmpty else { return [] }
        guard let workspace = text.workspace ?? MatchWorkspace() else {
            throw .matchFailed(recognizer: id, message: "could not allocate PCRE2 match data")
        }
        let bytes = text.utf8
        var results: [Finding] = []
        var taken = Set<Int>()
        for pair in text.labelledValues where !pair.value.isEmpty && !taken.contains(pair.value.lowerBound) && keys.contains(pair.key) {
            guard try valuePattern.matchesWhole(pair.value, of: bytes, workspace: workspace) else { continue }
            var reason = pair.source.rawValue + " " + pair.label
            if validator != .none {
                let verdict = validator.validate(bytes: bytes[pair.value])
                guard verdict.passed else { continue }
                reason = verdict.reason + "; " + reason
            }
            taken.insert(pair.value.lowerBound)
            results.append(Finding(type: entityType, start: text.scalarOffset(ofByte: pair.value.lowerBound),
                                   end: text.endScalarOffset(ofByte: pair.value.upperBound), score: score, recognizer: id, reason: reason))
        }
        return results
    }
}
