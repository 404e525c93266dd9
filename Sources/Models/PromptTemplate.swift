import Retrieval

/// The system message that puts the retrieved clauses, with their citations, and the required answer
/// format in front of the model. A route may give its own template file; `{{clauses}}` is replaced
/// by the numbered clauses.
public struct PromptTemplate: Sendable, Equatable {
    public let text: String
    /// `text` split at each `{{clauses}}`, so rendering is one join.
    private let pieces: [Substring]

    public init(text: String) {
        self.text = text
        pieces = text.split(separator: "{{clauses}}", omittingEmptySubsequences: false)
    }

    public static func == (lhs: PromptTemplate, rhs: PromptTemplate) -> Bool { lhs.text == rhs.text }

    public static let standard = PromptTemplate(text: """
        你是金融机构的客服助手，只能依据下面检索到的规定条款回答客户的问题。

        检索到的条款：
        {{clauses}}

        回答必须严格按以下格式，且只包含这两部分：
        【政策依据】引用上面的条款，写成《标题》第N条，可附原文引文；不得引用上面没有列出的条款。
        【简明解释】用一两句平实的话说明条款对客户意味着什么。

        不要使用“亲”“哈喽”“宝宝”等称呼，不要使用表情符号。客户信息已被替换为<PHONE_1>这样的标记，照原样保留标记，不要猜测其内容。
        """)

    /// The system message for `clauses` (best first).
    public func render(clauses: [RetrievalHit]) -> String {
        let list = clauses.isEmpty
            ? "（未检索到相关条款：请在【政策依据】中说明没有可引用的规定。）"
            : clauses.enumerated().map { index, clause in
                "[\(index + 1)] \(clause.citation)：\(PromptTemplate.oneLine(clause.text))"
            }.joined(separator: "\n")
        return pieces.joined(separator: list)
    }

    /// `text` with its line feeds removed (a clause on one line of the list). Works on the UTF-8
    /// bytes: splitting a `String` at `"\n"` walks it grapheme by grapheme, which cost more than
    /// the rest of the prompt. A line feed after a carriage return is kept, as the grapheme split
    /// kept `"\r\n"` (one character).
    static func oneLine(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.contains(0x0A) else { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte != 0x0A || previous == 0x0D { kept.append(byte) }
            previous = byte
        }
        return String(decoding: kept, as: UTF8.self)
    }
}
