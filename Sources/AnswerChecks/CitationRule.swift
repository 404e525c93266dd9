import Retrieval

/// Every citation `《title》第N条` in 【政策依据】 must name a clause retrieved for this exchange, and a
/// passage quoted right after it (`《title》第N条：“…”`) must be the clause's own words, compared after
/// normalisation (whitespace and punctuation, full-width or not, are ignored; `……` marks an
/// omission). A route that requires citations fails an answer that has none.
public struct CitationRule: AnswerRule {
    public let id = "citation"
    public init() {}

    /// A citation found in the text: the title between 《》, the article number and any quoted passage.
    public struct Citation: Sendable, Equatable {
        public var title: String
        public var article: Int
        public var quote: String?

        public init(title: String, article: Int, quote: String? = nil) {
            self.title = title
            self.article = article
            self.quote = quote
        }
    }

    public func violations(in answer: AnswerSections, context: AnswerContext) -> [Violation] {
        guard let basis = answer.basis else { return [] }  // the shape rule reports that
        let citations = CitationRule.citations(in: basis)
        if citations.isEmpty {
            return context.requireCitations ? [Violation(rule: id, detail: "no citation of the form 《标题》第N条 in \(AnswerSections.basisMarker)")] : []
        }
        return citations.compactMap { citation in
            let name = "《\(citation.title)》第\(ChineseNumeral.format(citation.article))条"
            guard let clause = context.retrieved.first(where: { $0.title == citation.title && $0.articleNumber == citation.article }) else {
                return Violation(rule: id, detail: "\(name) was not among the clauses retrieved for this question")
            }
            if let quote = citation.quote, !CitationRule.quote(quote, matches: clause.text) {
                return Violation(rule: id, detail: "the passage quoted from \(name) is not in its text: “\(quote.prefix(40))”")
            }
            return nil
        }
    }

    /// Whether `quote` is `clause`'s wording, ignoring whitespace and punctuation; `…`/`……` in the
    /// quote skips text, the parts must appear in order.
    public static func quote(_ quote: String, matches clause: String) -> Bool {
        let text = normalised(clause)
        var searchFrom = text.startIndex
        let parts = quote.components(separatedBy: "…").map(normalised).filter { !$0.isEmpty }
        guard !parts.isEmpty else { return true }
        for part in parts {
            guard let range = text.range(of: part, range: searchFrom..<text.endIndex) else { return false }
            searchFrom = range.upperBound
        }
        return true
    }

    /// Letters and digits only, full-width forms folded to ASCII.
    static func normalised(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var folded = scalar
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) { folded = ascii }
            if folded.properties.isWhitespace || folded.properties.generalCategory.isPunctuationOrSymbol { continue }
            scalars.append(folded)
        }
        return String(scalars)
    }

    /// Every `《title》第N条` in `text`, N in Chinese numerals or digits, with the passage quoted right
    /// after it (after an optional colon) in “”, 「」, 『』 or "".
    public static func citations(in text: String) -> [Citation] {
        var result: [Citation] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "《") {
            guard let close = rest[open...].firstIndex(of: "》") else { break }
            let title = String(rest[rest.index(after: open)..<close])
            var after = rest[rest.index(after: close)...]
            if after.first == "第", let end = after.prefix(10).firstIndex(of: "条"),
               let number = ChineseNumeral.parse(after[after.index(after: after.startIndex)..<end]) {
                after = after[after.index(after: end)...]
                var quote: String?
                var probe = after.drop { $0 == " " }
                if probe.first == "：" || probe.first == ":" { probe = probe.dropFirst().drop { $0 == " " } }
                let pairs: [Character: Character] = ["“": "”", "「": "」", "『": "』", "\"": "\""]
                if let opening = probe.first, let closing = pairs[opening],
                   let closeQuote = probe.dropFirst().firstIndex(of: closing) {
                    quote = String(probe[probe.index(after: probe.startIndex)..<closeQuote])
                    after = probe[probe.index(after: closeQuote)...]
                }
                result.append(Citation(title: title, article: number, quote: quote))
            }
            rest = after
        }
        return result
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
