/// One regulation as parsed from a source file: its metadata and its articles.
public struct RegulationDocument: Sendable, Equatable {
    /// Stable identifier from the front matter, e.g. `pipl`.
    public var id: String
    public var title: String
    public var issuer: String
    /// 文号, the document number, e.g. `中国人民银行令〔2020〕第5号`.
    public var documentNumber: String
    /// First day in force, `YYYY-MM-DD`.
    public var effective: String
    public var articles: [Article]
}

/// One article (条) of a regulation.
public struct Article: Sendable, Equatable {
    /// The article number, 1-based (第十二条 → 12).
    public var number: Int
    /// Chapter heading the article sits under, e.g. `第三章 个人信息的处理规则`, if any.
    public var chapter: String?
    /// The article's text without its `第N条` marker, paragraphs (款) separated by newlines.
    public var text: String

    /// The citation anchor: `第三章/第十二条`, or `第十二条` outside chapters.
    public var clausePath: String {
        let article = "第\(ChineseNumeral.format(number))条"
        guard let chapter, let marker = chapter.split(separator: " ").first else { return article }
        return "\(marker)/\(article)"
    }
}
