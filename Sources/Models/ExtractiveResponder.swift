import Retrieval

/// The embedded backend used when no model server is configured: it composes an answer in the
/// required shape from the best retrieved clause, so every word of 【政策依据】 is the clause itself.
///
/// ```
/// 【政策依据】《<title>》第N条：<clause text>
/// 【简明解释】<one or two plain sentences>
/// ```
public struct ExtractiveResponder: ChatBackend {
    public let id = "extractive"
    public init() {}

    /// The answer when nothing relevant was retrieved: it cites nothing, so a route that requires
    /// citations will block it.
    public static let noBasisAnswer = "【政策依据】未检索到与您的问题直接对应的规定条款。\n【简明解释】目前无法依据现有规定给出答复，请补充问题细节，或通过银行官方客服渠道咨询。"

    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        GenerationResult(text: compose(clauses: request.clauses), backend: id, model: "hegui-extractive")
    }

    /// The answer text for the given clauses, best first.
    public func compose(clauses: [RetrievalHit]) -> String {
        guard let best = clauses.first else { return ExtractiveResponder.noBasisAnswer }
        let clauseText = best.text.split(separator: "\n").joined()
        return "【政策依据】\(best.citation)：\(clauseText)\n【简明解释】\(explanation(of: best))"
    }

    /// One or two plain sentences: the clause's first sentence, introduced as the rule that applies,
    /// and a pointer to the bank's formal channels.
    func explanation(of clause: RetrievalHit) -> String {
        let flat = clause.text.split(separator: "\n").joined()
        var first = flat.prefix { $0 != "。" && $0 != "；" }
        if first.count > 90 { first = first.prefix(90) + "……" }
        return "按照\(clause.citation)，\(first)。具体办理以本机构正式业务规定和柜面答复为准。"
    }
}
