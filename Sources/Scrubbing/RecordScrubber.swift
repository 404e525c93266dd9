import AnswerChecks
import Crypto
import Foundation
import JSONCore
import Masking

/// What became of one record.
public enum RecordOutcome: Sendable {
    /// Masked (possibly unchanged); goes to the output.
    case scrubbed(Data, ScrubbedRecordFacts)
    /// Masked but an assistant turn breaks the answer rules; goes to the quarantine file.
    case quarantined(Data, ScrubbedRecordFacts, reasons: [String])
    /// Not valid UTF-8 / JSON / an object, or could not be masked; only the error is kept.
    case rejected(String)
}

/// Findings of one record, per field path and entity type, and one masked example string.
public struct ScrubbedRecordFacts: Sendable {
    /// How many findings of one entity type one field path had, e.g. `messages[].content`, PHONE, 2.
    public struct FieldCount: Sendable, Equatable {
        public var field: String
        public var type: EntityType
        public var count: Int
    }

    /// One entry per field path and type with findings, in the order first seen. A record has a
    /// handful: a list searched in place, where nested dictionaries cost two allocations to build
    /// and two to free for every record.
    public var findings: [FieldCount] = []
    public var example: String?

    /// Counts one finding of `type` in `field`.
    mutating func count(_ type: EntityType, in field: String) {
        if let index = findings.firstIndex(where: { $0.type == type && $0.field == field }) {
            findings[index].count += 1
        } else {
            findings.append(FieldCount(field: field, type: type, count: 1))
        }
    }
}

/// Masks the strings of one record and splices them back into its original bytes, so everything
/// else (key order, spacing, numbers, escapes in untouched strings) stays byte for byte.
public struct RecordScrubber: Sendable {
    public let masker: Masker
    public let layout: DatasetLayout
    /// Rules for assistant turns; nil when answers are not checked.
    public let answerChecker: AnswerChecker?
    /// Strings already found to hold nothing to mask.
    let cleanTexts = CleanTextCache()

    public init(masker: Masker, layout: DatasetLayout, answerChecker: AnswerChecker?) {
        self.masker = masker
        self.layout = layout
        self.answerChecker = answerChecker
    }

    /// A masker for scrubbing built from `policy`: with `pseudonymize`, every tagged, vaulted or
    /// partially masked type gets a keyed pseudonym (one customer, one token across files and runs);
    /// without, vault becomes tag (nothing could restore it offline). Redact and keep stay as they are.
    public static func masker(policy: MaskingPolicy, pseudonymize: Bool, pseudonymKey: SymmetricKey?) throws(MaskingError) -> Masker {
        var operators: [EntityType: MaskingOperator] = [:]
        for type in EntityType.all {
            let configured = policy.operators[type] ?? .tag
            switch configured {
            case .tag, .vault, .partial:
                operators[type] = pseudonymize && !type.isSecret ? .pseudonym : (configured == .vault ? .tag : configured)
            case .pseudonym, .redact, .keep:
                operators[type] = configured
            }
        }
        return try Masker(detector: policy.detector, operators: operators, pseudonymKey: pseudonymKey)
    }

    /// Scrubs one record's bytes (one JSONL line or one element of a JSON array).
    public func scrub(_ record: Data) -> RecordOutcome {
        let root: JSONNode
        do { root = try JSONParser.parse(record) } catch {
            // The parser checks UTF-8 as it reads; a record that fails is checked in full so that a
            // bad byte is reported as such wherever it is (outside a string it is also bad JSON).
            if let offset = UTF8Validation.firstInvalidOffset(data: record) {
                return .rejected("invalid UTF-8 at byte \(offset) of the record")
            }
            return .rejected(error.description)
        }
        guard case .object = root.kind else {
            return .rejected("expected a JSON object per record, found \(RecordScrubber.kindName(root))")
        }
        var strings: [(node: JSONNode, path: Range<Int>)] = []
        var steps: [PathStep] = []
        var path: [PathStep] = []
        RecordScrubber.collectValues(root, path: &path, steps: &steps, into: &strings)

        var session = MaskingSession()
        var facts = ScrubbedRecordFacts()
        var replacements: [(range: Range<Int>, text: String)] = []
        var reasons: [String] = []
        // The label each turn asks for (请问您的姓名？) or names (我的身份证号是), by the path of the turn
        // after it: found first, as alpaca writes the last question after its reply (`instruction`
        // comes before `history`).
        var asked: [[PathStep]: String] = [:]
        if layout.hasTurns {
            for (node, pathRange) in strings {
                let path = steps[pathRange]
                guard let value = node.stringValue, DatasetLayout.isTurnText(path),
                      let next = layout.nextTurn(after: path, in: root), let label = masker.detector.requestedLabel(in: value) else { continue }
                asked[next] = label
            }
        }
        for (node, pathRange) in strings {
            let path = steps[pathRange]
            guard layout.masks(path) else { continue }
            // A number is masked as its literal; one with a finding becomes a string holding the
            // masked text (the value's type changes, rather than a phone number reaching training).
            guard let value = node.stringValue ?? RecordScrubber.literal(of: node, in: record) else { continue }
            // The field's name labels the value: a recognizer that reads `phone` or `id_number`
            // takes the whole string, which has no cue word of its own. A user's turn after a
            // question for a value (请问您的姓名？ → 钱立群) takes the question's label instead.
            // (Only a turn's text can be a turn: most strings are spared the lookup.)
            let isAssistantTurn = DatasetLayout.isTurnText(path) && layout.isAssistantTurn(path, in: root)
            let label = (isAssistantTurn || asked.isEmpty ? nil : asked[Array(path)]) ?? path.last(where: { $0.key != nil })?.key
            // A number of fewer than seven digits is personal only under a label (a PIN, a code):
            // ids, counts and scores are not masked one by one.
            if node.stringValue == nil, value.utf8.count < 7, !(label.map(masker.detector.readsLabel) ?? false) { continue }
            let result: MaskResult
            do { result = try masker.mask(value, session: &session, cleanTexts: cleanTexts, fieldLabel: label) } catch {
                return .rejected("field \(RecordScrubber.exactPath(path)) could not be masked: \(error)")
            }
            if !result.findings.isEmpty {
                let field = PathStep.fieldName(path)
                for finding in result.findings { facts.count(finding.type, in: field) }
                if result.masked != value {
                    replacements.append((node.range, JSONText.quoted(result.masked)))
                    if facts.example == nil { facts.example = String(result.masked.prefix(160)) }
                }
            }
            if let answerChecker, isAssistantTurn {
                let verdict = answerChecker.check(result.masked, context: AnswerContext(retrieved: [], requireCitations: false))
                reasons += verdict.violations.map { "\(RecordScrubber.exactPath(path)): \($0)" }
            }
        }
        let output = RecordScrubber.splice(record, replacements)
        return reasons.isEmpty ? .scrubbed(output, facts) : .quarantined(output, facts, reasons: reasons)
    }

    /// Every string and number value under `node` (object keys excluded), in document order, each
    /// with its path as a range of `steps`: all paths of a record share one array (a path array per
    /// string cost an allocation per level, for every string of every record). Numbers are values
    /// too: `"phone": 13812345678` is a phone number.
    static func collectValues(_ node: JSONNode, path: inout [PathStep], steps: inout [PathStep],
                              into strings: inout [(node: JSONNode, path: Range<Int>)]) {
        switch node.kind {
        case .string, .number:
            let start = steps.count
            steps.append(contentsOf: path)
            strings.append((node, start..<steps.count))
        case let .object(members):
            for member in members {
                path.append(.key(member.key))
                collectValues(member.value, path: &path, steps: &steps, into: &strings)
                path.removeLast()
            }
        case let .array(elements):
            for (index, element) in elements.enumerated() {
                path.append(.index(index))
                collectValues(element, path: &path, steps: &steps, into: &strings)
                path.removeLast()
            }
        case .bool, .null: break
        }
    }

    /// A number's literal as written in the record.
    static func literal(of node: JSONNode, in record: Data) -> String? {
        guard case .number = node.kind, node.range.upperBound <= record.count else { return nil }
        return String(decoding: record[(record.startIndex + node.range.lowerBound)..<(record.startIndex + node.range.upperBound)], as: UTF8.self)
    }

    /// `messages[3].content`: the path with its actual indices, for quarantine reasons.
    static func exactPath(_ path: ArraySlice<PathStep>) -> String {
        var name = ""
        for step in path {
            switch step {
            case let .key(key): name += name.isEmpty ? key : "." + key
            case let .index(index): name += "[\(index)]"
            }
        }
        return name
    }

    static func splice(_ record: Data, _ replacements: [(range: Range<Int>, text: String)]) -> Data {
        guard !replacements.isEmpty else { return record }
        var output = Data()
        output.reserveCapacity(record.count + 64 * replacements.count)
        var cursor = record.startIndex
        for (range, text) in replacements {
            output.append(record[cursor..<(record.startIndex + range.lowerBound)])
            output.append(contentsOf: text.utf8)
            cursor = record.startIndex + range.upperBound
        }
        output.append(record[cursor...])
        return output
    }

    static func kindName(_ node: JSONNode) -> String {
        switch node.kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
