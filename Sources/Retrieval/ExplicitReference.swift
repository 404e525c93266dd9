/// A reference to a specific clause written in a question: `《个人信息保护法》第二十八条`,
/// `个人信息保护法第28条`, `第二十八条第二款`, `第十条之一`.
public struct ExplicitReference: Sendable, Equatable {
    /// The regulation's name as written (without 《》), if the question names one.
    public var title: String?
    public var article: ArticleNumber
    public var paragraph: Int?

    public init(title: String?, article: ArticleNumber, paragraph: Int? = nil) {
        self.title = title
        self.article = article
        self.paragraph = paragraph
    }

    /// Suffixes that end a regulation's name when it is written without 《》.
    static let nameEndings = ["法", "办法", "规定", "条例", "细则", "规则", "准则", "指引", "通知", "意见", "规范", "决定"]

    /// Every reference in `text`, in order.
    public static func parse(_ text: String) -> [ExplicitReference] {
        let characters = Array(text)
        var references: [ExplicitReference] = []
        var index = 0
        while index < characters.count {
            guard characters[index] == "第", let (article, afterArticle) = articleNumber(characters, from: index) else {
                index += 1
                continue
            }
            var end = afterArticle
            var paragraph: Int? = nil
            if end < characters.count, characters[end] == "第",
               let close = characters[end...].prefix(6).firstIndex(of: "款"),
               let value = ChineseNumeral.parse(String(characters[(end + 1)..<close])) {
                paragraph = value
                end = close + 1
            }
            references.append(ExplicitReference(title: title(before: index, in: characters), article: article, paragraph: paragraph))
            index = end
        }
        return references
    }

    /// `第N条` or `第N条之M` starting at `start`: the number and the index after it.
    private static func articleNumber(_ characters: [Character], from start: Int) -> (ArticleNumber, Int)? {
        guard let close = characters[(start + 1)...].prefix(10).firstIndex(of: "条"),
              let number = ChineseNumeral.parse(String(characters[(start + 1)..<close])), number > 0 else { return nil }
        var end = close + 1
        var sub: Int? = nil
        if end < characters.count, characters[end] == "之" {
            var digitsEnd = end + 1
            while digitsEnd < characters.count, ChineseNumeral.parse(String(characters[digitsEnd])) != nil { digitsEnd += 1 }
            if let value = ChineseNumeral.parse(String(characters[(end + 1)..<digitsEnd])), value > 0 {
                sub = value
                end = digitsEnd
            }
        }
        return (ArticleNumber(number, sub: sub), end)
    }

    /// The name written just before position `index`: `《…》`, or a run of Chinese characters
    /// ending in a regulation-name suffix such as 法 or 办法.
    private static func title(before index: Int, in characters: [Character]) -> String? {
        var end = index
        while end > 0, characters[end - 1] == " " { end -= 1 }
        if end > 0, characters[end - 1] == "》", let open = characters[..<(end - 1)].lastIndex(of: "《") {
            return String(characters[(open + 1)..<(end - 1)])
        }
        var start = end
        while start > 0, end - start < 40, BigramTokenizer.isHan(characters[start - 1]) { start -= 1 }
        let run = String(characters[start..<end])
        return nameEndings.contains(where: { run.hasSuffix($0) }) && run.count >= 2 ? run : nil
    }

    /// Whether `name` (as written in a question) designates a document titled `title`: equal, or a
    /// suffix of the title of at least four characters (个人信息保护法 → 中华人民共和国个人信息保护法),
    /// after dropping leading words the title does not have (请问个人信息保护法 → 个人信息保护法).
    public static func name(_ name: String, designates title: String) -> Bool {
        if name == title { return true }
        // Some suffix of the name of four or more characters ends the title ⟺ name and title end
        // with the same four characters. Compared from the end, code point by code point: this runs
        // against every document title on each search that names a regulation.
        let nameScalars = name.unicodeScalars, titleScalars = title.unicodeScalars
        var inName = nameScalars.endIndex, inTitle = titleScalars.endIndex
        var common = 0
        while inName > nameScalars.startIndex && inTitle > titleScalars.startIndex {
            nameScalars.formIndex(before: &inName)
            titleScalars.formIndex(before: &inTitle)
            guard nameScalars[inName] == titleScalars[inTitle] else { return false }
            common += 1
            if common == 4 { return true }
        }
        return false
    }
}
