import Yams

/// Reads a regulation written as Markdown, plain text or HTML, with YAML front matter:
///
/// ```
/// ---
/// id: pipl
/// title: 中华人民共和国个人信息保护法
/// issuer: 全国人民代表大会常务委员会
/// doc_no: 主席令第九十一号
/// promulgated: 2021-08-20
/// effective: 2021-11-01
/// repealed: 2031-01-01        # optional
/// supersedes: [old-pipl-draft] # optional
/// ---
/// 第一章 总则
/// 第一条 为了保护个人信息权益……
/// ```
///
/// Articles start with `第N条` (or `第N条之M`) at the start of a line, N in Chinese numerals or
/// Arabic digits; `第N编` / `第N章` / `第N节` lines are headings; every other line is a paragraph (款)
/// of the current article, except items `（一）…` which join the paragraph they belong to. An HTML
/// body (after the front matter) has its tags stripped first, block tags becoming line breaks.
public struct RegulationParser: Sendable {
    public init() {}

    private struct FrontMatter: Decodable {
        var id: String?
        var title: String?
        var issuer: String?
        var doc_no: String?
        var promulgated: String?
        var effective: String?
        var repealed: String?
        var supersedes: [String]?
    }

    public func parse(_ source: String, file: String) throws(RegulationParseError) -> RegulationDocument {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard lines.first?.trimmingSpaces == "---" else {
            throw RegulationParseError(file: file, line: 1, problem: "no YAML front matter: the file must start with a '---' line, then id, title, issuer, doc_no and effective, then '---'")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingSpaces == "---" }) else {
            throw RegulationParseError(file: file, line: 1, problem: "front matter is not closed: add a '---' line after it")
        }
        let meta: FrontMatter
        do {
            meta = try YAMLDecoder().decode(FrontMatter.self, from: lines[1..<close].joined(separator: "\n"))
        } catch {
            throw RegulationParseError(file: file, line: 2, problem: "front matter is not valid YAML: \(error)")
        }
        func required(_ value: String?, _ key: String) throws(RegulationParseError) -> String {
            guard let value, !value.trimmingSpaces.isEmpty else {
                throw RegulationParseError(file: file, line: 2, problem: "front matter lacks '\(key)'")
            }
            return value.trimmingSpaces
        }
        func date(_ value: String?, _ key: String) throws(RegulationParseError) -> String? {
            guard let value = value?.trimmingSpaces, !value.isEmpty else { return nil }
            let parts = value.split(separator: "-")
            guard value.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else {
                throw RegulationParseError(file: file, line: 2, problem: "\(key) date '\(value)' is not YYYY-MM-DD")
            }
            return value
        }
        let id = try required(meta.id, "id")
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw RegulationParseError(file: file, line: 2, problem: "id '\(id)' may hold only ASCII letters, digits, '-', '_' and '.'")
        }
        var document = RegulationDocument(
            id: id, title: try required(meta.title, "title"), issuer: try required(meta.issuer, "issuer"),
            documentNumber: try required(meta.doc_no, "doc_no"), promulgated: try date(meta.promulgated, "promulgated"),
            effective: try date(try required(meta.effective, "effective"), "effective")!,
            repealed: try date(meta.repealed, "repealed"), supersedes: meta.supersedes ?? [], articles: [])

        var body = lines[(close + 1)...].map(String.init)
        let bodyStart = close + 2
        if file.lowercased().hasSuffix(".html") || file.lowercased().hasSuffix(".htm") {
            body = HTMLText.lines(body.joined(separator: "\n"))
        }
        var headings: [(kind: Character, text: String)] = []
        var current: Article? = nil
        var currentLine = 0
        func finish() throws(RegulationParseError) {
            guard let article = current else { return }
            if let previous = document.articles.last, article.number <= previous.number {
                throw RegulationParseError(file: file, line: currentLine, problem: "article \(article.number) follows \(previous.number): numbers must increase")
            }
            if article.paragraphs.isEmpty {
                throw RegulationParseError(file: file, line: currentLine, problem: "article \(article.number) has no text")
            }
            document.articles.append(article)
            current = nil
        }
        for (offset, rawLine) in body.enumerated() {
            let line = rawLine.trimmingSpaces.trimmingMarkdownHeading
            if line.isEmpty { continue }
            if let heading = RegulationParser.heading(line) {
                switch heading.kind {
                case "条":
                    try finish()
                    current = Article(number: heading.number, headings: headings.map(\.text),
                                      paragraphs: heading.rest.isEmpty ? [] : [heading.rest])
                    currentLine = bodyStart + offset
                default:
                    try finish()
                    // A heading closes every heading of its level and below: 编 > 章 > 节.
                    let rank: [Character: Int] = ["编": 0, "章": 1, "节": 2]
                    headings.removeAll { rank[$0.kind, default: 3] >= rank[heading.kind, default: 3] }
                    headings.append((heading.kind, heading.rest.isEmpty ? heading.marker : "\(heading.marker) \(heading.rest)"))
                }
            } else if current != nil {
                if RegulationParser.isItem(line), !current!.paragraphs.isEmpty {
                    current!.paragraphs[current!.paragraphs.count - 1] += "\n" + line
                } else {
                    current!.paragraphs.append(line)
                }
            }
            // Lines before the first article (a preamble or the title) are not clauses.
        }
        try finish()
        guard !document.articles.isEmpty else {
            throw RegulationParseError(file: file, line: bodyStart, problem: "no articles found: each article must start a line with 第N条")
        }
        return document
    }

    /// An item line: （一）… or (一)… .
    static func isItem(_ line: String) -> Bool {
        guard let first = line.first, first == "（" || first == "(" else { return false }
        guard let close = line.prefix(8).firstIndex(where: { $0 == "）" || $0 == ")" }) else { return false }
        return ChineseNumeral.parse(line[line.index(after: line.startIndex)..<close]) != nil
    }

    /// Splits `第十二条 text` / `第十条之一 text` / `第三章 总则` into number, kind (条/章/节/编) and the rest.
    static func heading(_ line: String) -> (marker: String, number: ArticleNumber, kind: Character, rest: String)? {
        guard line.hasPrefix("第") else { return nil }
        let afterPrefix = line.dropFirst()
        guard let kindIndex = afterPrefix.prefix(10).firstIndex(where: { "条章节编".contains($0) }) else { return nil }
        guard let number = ChineseNumeral.parse(afterPrefix[..<kindIndex]), number > 0 else { return nil }
        let kind = afterPrefix[kindIndex]
        var rest = afterPrefix[afterPrefix.index(after: kindIndex)...]
        var sub: Int? = nil
        if kind == "条", rest.hasPrefix("之") {
            let digits = rest.dropFirst().prefix { ChineseNumeral.parse(String($0)) != nil || "十百".contains($0) }
            if let value = ChineseNumeral.parse(digits), value > 0 {
                sub = value
                rest = rest.dropFirst(1 + digits.count)
            }
        }
        let marker = String(line[..<rest.startIndex])
        return (marker, ArticleNumber(number, sub: sub), kind, String(rest).trimmingSpaces)
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII or ideographic spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{00A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Drops a Markdown heading marker (`## `) so `## 第一章 总则` reads as a heading.
    var trimmingMarkdownHeading: String {
        guard hasPrefix("#") else { return String(self) }
        return String(drop(while: { $0 == "#" })).trimmingSpaces
    }
}
