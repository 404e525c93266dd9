import Yams

/// Reads a regulation written as Markdown or plain text with YAML front matter:
///
/// ```
/// ---
/// id: pipl
/// title: 中华人民共和国个人信息保护法
/// issuer: 全国人民代表大会常务委员会
/// doc_no: 主席令第九十一号
/// effective: 2021-11-01
/// ---
/// 第一章 总则
/// 第一条 为了保护个人信息权益……
/// ```
///
/// Articles start with `第N条` at the start of a line (N in Chinese numerals or Arabic digits);
/// `第N章` / `第N节` lines are headings; other lines continue the current article as paragraphs.
public struct RegulationParser: Sendable {
    public init() {}

    private struct FrontMatter: Decodable {
        var id: String?
        var title: String?
        var issuer: String?
        var doc_no: String?
        var effective: String?
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
        let yaml = lines[1..<close].joined(separator: "\n")
        let meta: FrontMatter
        do {
            meta = try YAMLDecoder().decode(FrontMatter.self, from: yaml)
        } catch {
            throw RegulationParseError(file: file, line: 2, problem: "front matter is not valid YAML: \(error)")
        }
        func required(_ value: String?, _ key: String) throws(RegulationParseError) -> String {
            guard let value, !value.trimmingSpaces.isEmpty else {
                throw RegulationParseError(file: file, line: 2, problem: "front matter lacks '\(key)'")
            }
            return value.trimmingSpaces
        }
        let effective = try required(meta.effective, "effective")
        guard effective.count == 10, effective.split(separator: "-").count == 3 else {
            throw RegulationParseError(file: file, line: 2, problem: "effective date '\(effective)' is not YYYY-MM-DD")
        }
        var document = RegulationDocument(
            id: try required(meta.id, "id"), title: try required(meta.title, "title"),
            issuer: try required(meta.issuer, "issuer"), documentNumber: try required(meta.doc_no, "doc_no"),
            effective: effective, articles: [])

        var chapter: String? = nil
        var current: Article? = nil
        var currentLine = 0
        func finish() throws(RegulationParseError) {
            guard let article = current else { return }
            if let previous = document.articles.last, article.number <= previous.number {
                throw RegulationParseError(file: file, line: currentLine, problem: "article 第\(ChineseNumeral.format(article.number))条 follows 第\(ChineseNumeral.format(previous.number))条: numbers must increase")
            }
            document.articles.append(article)
            current = nil
        }
        for (offset, rawLine) in lines[(close + 1)...].enumerated() {
            let lineNumber = close + 2 + offset
            let line = rawLine.trimmingSpaces.trimmingMarkdownHeading
            if line.isEmpty { continue }
            if let heading = RegulationParser.heading(line), heading.kind == "章" {
                try finish()
                chapter = heading.rest.isEmpty ? heading.marker : "\(heading.marker) \(heading.rest)"
            } else if let heading = RegulationParser.heading(line), heading.kind == "节" || heading.kind == "编" {
                try finish()
            } else if let heading = RegulationParser.heading(line), heading.kind == "条" {
                try finish()
                current = Article(number: heading.number, chapter: chapter, text: heading.rest)
                currentLine = lineNumber
            } else if current != nil {
                current!.text += current!.text.isEmpty ? line : "\n" + line
            }
            // Lines before the first article (a preamble or the title) are not clauses.
        }
        try finish()
        guard !document.articles.isEmpty else {
            throw RegulationParseError(file: file, line: close + 2, problem: "no articles found: each article must start a line with 第N条")
        }
        if let empty = document.articles.first(where: { $0.text.isEmpty }) {
            throw RegulationParseError(file: file, line: close + 2, problem: "article 第\(ChineseNumeral.format(empty.number))条 has no text")
        }
        return document
    }

    /// Splits `第十二条 text` into its number, kind (条/章/节/编) and the rest of the line.
    static func heading(_ line: String) -> (marker: String, number: Int, kind: Character, rest: String)? {
        guard line.hasPrefix("第") else { return nil }
        let afterPrefix = line.dropFirst()
        guard let kindIndex = afterPrefix.prefix(8).firstIndex(where: { "条章节编".contains($0) }) else { return nil }
        guard let number = ChineseNumeral.parse(afterPrefix[..<kindIndex]), number > 0 else { return nil }
        let marker = String(line[..<afterPrefix.index(after: kindIndex)])
        let rest = String(afterPrefix[afterPrefix.index(after: kindIndex)...]).trimmingSpaces
        return (marker, number, afterPrefix[kindIndex], rest)
    }
}

extension StringProtocol {
    /// The text without leading and trailing ASCII or ideographic spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Drops a Markdown heading marker (`## `) so `## 第一章 总则` reads as a heading.
    var trimmingMarkdownHeading: String {
        guard hasPrefix("#") else { return String(self) }
        return String(drop(while: { $0 == "#" })).trimmingSpaces
    }
}
