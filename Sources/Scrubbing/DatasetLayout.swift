import JSONCore

/// The shape of a fine-tuning record: which of its strings are assistant turns (checked with
/// `--check-answers`) and what LLaMA-Factory's `dataset_info.json` should say about it.
///
/// Every string value in a record is masked whatever the layout (a note field holding a phone number
/// is still personal data); `custom` restricts masking to the listed field paths.
public enum DatasetLayout: Sendable, Equatable, CustomStringConvertible {
    /// `instruction`, `input`, `output`, `system`, `history` (LLaMA-Factory alpaca).
    case alpaca
    /// `conversations` of `{from, value}` (LLaMA-Factory sharegpt).
    case sharegpt
    /// `messages` of `{role, content}` (OpenAI chat fine-tuning; sharegpt's OpenAI style).
    case openai
    /// `chosen` / `rejected` pairs (alpaca or sharegpt ranking, TRL, OpenAI DPO's `preferred_output`).
    case preference
    /// `{"text": …}` (pre-training style).
    case text
    /// Only the given dot-separated field paths are masked; arrays along a path are entered.
    case custom([[String]])

    /// Layout names accepted by `--format`.
    public static let names = ["alpaca", "sharegpt", "openai", "preference", "text"]

    /// The layout called `name`; nil for an unknown name.
    public init?(name: String) {
        switch name {
        case "alpaca": self = .alpaca
        case "sharegpt": self = .sharegpt
        case "openai", "messages": self = .openai
        case "preference", "dpo", "ranking": self = .preference
        case "text": self = .text
        default: return nil
        }
    }

    /// `--fields a,b.c`: comma-separated dot paths.
    public static func custom(fields: String) -> DatasetLayout {
        .custom(fields.split(separator: ",").map { $0.split(separator: ".").map(String.init) }.filter { !$0.isEmpty })
    }

    public var description: String {
        switch self {
        case .alpaca: "alpaca"
        case .sharegpt: "sharegpt"
        case .openai: "openai"
        case .preference: "preference"
        case .text: "text"
        case let .custom(paths): "custom(" + paths.map { $0.joined(separator: ".") }.joined(separator: ",") + ")"
        }
    }

    /// Guesses the layout from one record's keys; nil when nothing fits.
    public static func detect(_ record: JSONNode) -> DatasetLayout? {
        let keys = Set(record.keys)
        if keys.contains("chosen") && keys.contains("rejected") || keys.contains("preferred_output") { return .preference }
        if keys.contains("conversations") { return .sharegpt }
        if keys.contains("messages") { return .openai }
        if keys.contains("instruction") || keys.contains("output") { return .alpaca }
        if keys.contains("text") { return .text }
        return nil
    }

    /// Whether this layout has assistant turns to check.
    public var hasAssistantTurns: Bool {
        switch self {
        case .alpaca, .sharegpt, .openai, .preference: true
        case .text, .custom: false
        }
    }

    /// Whether records are conversations of turns (sharegpt, openai messages, preference pairs, alpaca
    /// with its history).
    var hasTurns: Bool {
        switch self {
        case .sharegpt, .openai, .preference, .alpaca: true
        case .text, .custom: false
        }
    }

    /// Whether the string at `path` can be a turn's text (a `value`, `content`, `text`, `output`, or
    /// an element of an array such as an alpaca history pair).
    static func isTurnText(_ path: ArraySlice<PathStep>) -> Bool {
        path.last == .key("value") || path.last == .key("content") || path.last == .key("text") || path.last == .key("output")
            || path.last == .key("instruction") || path.last?.key == nil
    }

    /// The path of the turn after the one at `path` in `record`: the same path with the last array
    /// index one higher (conversations[3].value → conversations[4].value); in alpaca, the question
    /// after a history reply (history[1][1] → history[2][0], and after the last pair `instruction`).
    func nextTurn(after path: ArraySlice<PathStep>, in record: JSONNode) -> [PathStep]? {
        let steps = Array(path)
        if case .alpaca = self {
            guard steps.count == 3, steps[0] == .key("history"), case let .index(pair) = steps[1], steps[2] == .index(1) else { return nil }
            let pairs = record["history"]?.arrayValue?.count ?? 0
            return pair + 1 < pairs ? [.key("history"), .index(pair + 1), .index(0)] : [.key("instruction")]
        }
        guard let position = steps.lastIndex(where: { $0.key == nil }), case let .index(index) = steps[position] else { return nil }
        var next = steps
        next[position] = .index(index + 1)
        return next
    }

    /// Whether the string at `path` should be masked.
    func masks(_ path: ArraySlice<PathStep>) -> Bool {
        guard case let .custom(fields) = self else { return true }
        let keys = path.compactMap(\.key)
        return fields.contains { field in keys.count >= field.count && Array(keys.prefix(field.count)) == field }
    }

    /// Whether the string at `path` in `record` is an assistant turn to hold to the answer rules.
    /// Rejected preference answers are bad on purpose and are not checked.
    func isAssistantTurn(_ path: ArraySlice<PathStep>, in record: JSONNode) -> Bool {
        let path = Array(path)   // indexed from 0 below
        switch self {
        case .alpaca:
            return path == [.key("output")] || (path.count == 3 && path[0] == .key("history") && path[2] == .index(1))
        case .sharegpt, .openai:
            return DatasetLayout.isAssistantMessage(path, in: record)
        case .preference:
            guard let first = path.first?.key else { return false }
            if first == "chosen" || first == "preferred_output" {
                if path.count == 1 { return true }
                if path.count == 2 { return path[1] == .key("value") || path[1] == .key("content") }
                return DatasetLayout.isAssistantMessage(path, in: record)
            }
            return false
        case .text, .custom:
            return false
        }
    }

    /// `conversations[i].value` from gpt/assistant, or `messages[i].content` (or its text parts) from
    /// the assistant; likewise inside `chosen` and `preferred_output` arrays.
    private static func isAssistantMessage(_ path: [PathStep], in record: JSONNode) -> Bool {
        guard path.count >= 3, let list = path[0].key, case let .index(index) = path[1],
              let message = record[list]?.arrayValue?[safe: index] else { return false }
        let speaker = (message["role"] ?? message["from"])?.stringValue ?? (list == "preferred_output" ? "assistant" : "")
        guard ["assistant", "gpt", "model"].contains(speaker) else { return false }
        if path.count == 3 { return path[2] == .key("value") || path[2] == .key("content") }
        return path.count == 5 && path[2] == .key("content") && path[4] == .key("text")
    }

    /// The `dataset_info.json` entry LLaMA-Factory needs to train on a file of this layout; nil for
    /// layouts it has no formatting for.
    public func datasetInfo(fileName: String, sample: JSONNode) -> [String: Any]? {
        switch self {
        case .alpaca:
            var columns: [String: String] = ["prompt": "instruction", "query": "input", "response": "output"]
            if sample["system"] != nil { columns["system"] = "system" }
            if sample["history"] != nil { columns["history"] = "history" }
            return ["file_name": fileName, "formatting": "alpaca", "columns": columns]
        case .sharegpt:
            var columns: [String: String] = ["messages": "conversations"]
            if sample["system"] != nil { columns["system"] = "system" }
            if sample["tools"] != nil { columns["tools"] = "tools" }
            return ["file_name": fileName, "formatting": "sharegpt", "columns": columns]
        case .openai:
            return ["file_name": fileName, "formatting": "sharegpt", "columns": ["messages": "messages"],
                    "tags": ["role_tag": "role", "content_tag": "content", "user_tag": "user",
                             "assistant_tag": "assistant", "system_tag": "system"]]
        case .preference:
            if sample["conversations"] != nil {
                return ["file_name": fileName, "formatting": "sharegpt", "ranking": true,
                        "columns": ["messages": "conversations", "chosen": "chosen", "rejected": "rejected"]]
            }
            guard sample["instruction"] != nil else { return nil }
            return ["file_name": fileName, "ranking": true,
                    "columns": ["prompt": "instruction", "query": "input", "chosen": "chosen", "rejected": "rejected"]]
        case .text:
            return ["file_name": fileName, "columns": ["prompt": "text"]]
        case .custom:
            return nil
        }
    }
}

/// One step from a record's root to a value: an object key or an array index.
public enum PathStep: Sendable, Hashable {
    case key(String)
    case index(Int)

    var key: String? {
        if case let .key(name) = self { return name }
        return nil
    }

    /// `messages[].content`: keys joined by dots, array steps as `[]`, so a field's findings add up
    /// across records and turns.
    static func fieldName(_ path: ArraySlice<PathStep>) -> String {
        var name = ""
        for step in path {
            switch step {
            case let .key(key): name += name.isEmpty ? key : "." + key
            case .index: name += "[]"
            }
        }
        return name.isEmpty ? "(root)" : name
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
