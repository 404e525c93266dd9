/// One regulation as parsed from a source file: its metadata and its articles.
public struct RegulationDocument: Sendable, Equatable {
    /// Stable identifier from the front matter, e.g. `pipl`.
    public var id: String
    public var title: String
    public var issuer: String
    /// 文号, the document number, e.g. `中国人民银行令〔2020〕第5号`.
    public var documentNumber: String
    /// Date of promulgation, `YYYY-MM-DD`, if given.
    public var promulgated: String?
    /// First day in force, `YYYY-MM-DD`.
    public var effective: String
    /// First day no longer in force, `YYYY-MM-DD`, if repealed.
    public var repealed: String?
    /// Ids of documents this one replaces.
    public var supersedes: [String]
    public var articles: [Article]

    public init(id: String, title: String, issuer: String, documentNumber: String, promulgated: String? = nil,
                effective: String, repealed: String? = nil, supersedes: [String] = [], articles: [Article]) {
        self.id = id
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.promulgated = promulgated
        self.effective = effective
        self.repealed = repealed
        self.supersedes = supersedes
        self.articles = articles
    }
}

/// An article number: 第十条 is (10, nil), 第十条之一 is (10, 1).
public struct ArticleNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var number: Int
    public var sub: Int?

    public init(_ number: Int, sub: Int? = nil) {
        self.number = number
        self.sub = sub
    }

    public static func < (lhs: ArticleNumber, rhs: ArticleNumber) -> Bool {
        (lhs.number, lhs.sub ?? 0) < (rhs.number, rhs.sub ?? 0)
    }

    /// `第十条`, `第十条之一`.
    public var description: String {
        "第\(ChineseNumeral.format(number))条" + (sub.map { "之" + ChineseNumeral.format($0) } ?? "")
    }
}

/// One article (条) of a regulation.
public struct Article: Sendable, Equatable {
    public var number: ArticleNumber
    /// Heading path the article sits under, e.g. `["第二编 …", "第三章 …", "第一节 …"]`, outermost first.
    public var headings: [String]
    /// Paragraphs (款), in order; items （一）（二） stay inside their paragraph, one per line.
    public var paragraphs: [String]

    public init(number: ArticleNumber, headings: [String] = [], paragraphs: [String]) {
        self.number = number
        self.headings = headings
        self.paragraphs = paragraphs
    }

    /// The article's text, paragraphs separated by newlines.
    public var text: String { paragraphs.joined(separator: "\n") }

    /// The chapter heading's marker (第三章), if the article is in a chapter.
    public var chapterMarker: String? {
        headings.compactMap { heading -> String? in
            guard let marker = heading.split(separator: " ").first, marker.hasSuffix("章") else { return nil }
            return String(marker)
        }.last
    }

    /// The citation anchor: `第三章/第十二条`, or `第十二条` outside chapters.
    public var clausePath: String {
        [chapterMarker, number.description].compactMap { $0 }.joined(separator: "/")
    }
}
