import Retrieval

/// Every citation `《title》第N条` in 【政策依据】 must name a clause retrieved for this exchange; a
/// route that requires citations fails an answer that has none.
public struct CitationRule: AnswerRule {
    public let id = "citation"
    public init() {}

    /// A citation found in the text: the title between 《》 and the article number.
    public struct Citation: Sendable, Equatable {
        public var title: String
        public var article: Int
    }

    public func violations(in answer: AnswerSections, context: AnswerContext) -> [Violation] {
        guard let basis = answer.basis else { return [] }  // the shape rule reports that
        let citations = CitationRule.citations(in: basis)
        if citations.isEmpty {
            return context.requireCitations ? [Violation(rule: id, detail: "no citation of the form 《标题》第N条 in \(AnswerSections.basisMarker)")] : []
        }
        return citations.compactMap { citation in
            let retrieved = context.retrieved.contains { $0.title == citation.title && $0.articleNumber == citation.article }
            return retrieved ? nil : Violation(rule: id, detail: "《\(citation.title)》第\(ChineseNumeral.format(citation.article))条 was not among the clauses retrieved for this question")
        }
    }

    /// Every `《title》第N条` in `text`, N in Chinese numerals or digits.
    public static func citations(in text: String) -> [Citation] {
        var result: [Citation] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "《") {
            guard let close = rest[open...].firstIndex(of: "》") else { break }
            let title = String(rest[rest.index(after: open)..<close])
            var after = rest[rest.index(after: close)...]
            if after.first == "第", let end = after.prefix(10).firstIndex(of: "条"),
               let number = ChineseNumeral.parse(after[after.index(after: after.startIndex)..<end]) {
                result.append(Citation(title: title, article: number))
                after = after[after.index(after: end)...]
            }
            rest = after
        }
        return result
    }
}
