import Testing
@testable import Retrieval

@Suite("Regulation parser")
struct RegulationParserTests {
    static let sample = """
    ---
    id: demo
    title: 示例管理办法
    issuer: 示例机构
    doc_no: 示例〔2024〕1号
    promulgated: 2023-12-01
    effective: 2024-01-01
    repealed: 2030-01-01
    supersedes: [old-demo]
    ---
    # 示例管理办法

    ## 第一编 总则
    ## 第一章 一般规定
    第一条 为了规范示例业务，制定本办法。
    第二条 本办法适用于：
    （一）借记卡；
    （二）信用卡。
    第二款的内容。
    第二章 附则
    第一节 特别规定
    第十条 第十条正文。
    第十条之一　全角空格之后的正文。
    第一百二十三条 最后一条。
    """

    @Test("Front matter, 编/章/节 headings, articles, 款 as paragraphs, 项 inside their paragraph, 之一")
    func parsesStructure() throws {
        let document = try RegulationParser().parse(RegulationParserTests.sample, file: "demo.md")
        #expect(document.id == "demo")
        #expect(document.documentNumber == "示例〔2024〕1号")
        #expect(document.promulgated == "2023-12-01")
        #expect(document.effective == "2024-01-01")
        #expect(document.repealed == "2030-01-01")
        #expect(document.supersedes == ["old-demo"])
        #expect(document.articles.map(\.number) == [ArticleNumber(1), ArticleNumber(2), ArticleNumber(10), ArticleNumber(10, sub: 1), ArticleNumber(123)])
        #expect(document.articles[1].paragraphs == ["本办法适用于：\n（一）借记卡；\n（二）信用卡。", "第二款的内容。"])
        #expect(document.articles[0].headings == ["第一编 总则", "第一章 一般规定"])
        #expect(document.articles[0].clausePath == "第一章/第一条")
        #expect(document.articles[2].headings == ["第一编 总则", "第二章 附则", "第一节 特别规定"])
        #expect(document.articles[3].clausePath == "第二章/第十条之一")
        #expect(document.articles[3].text == "全角空格之后的正文。")
        #expect(document.articles[4].clausePath == "第二章/第一百二十三条")
    }

    @Test("HTML bodies are read with tags stripped and entities decoded")
    func html() throws {
        let source = """
        ---
        id: web
        title: 网页办法
        issuer: 某机构
        doc_no: 某〔2024〕2号
        effective: 2024-01-01
        ---
        <html><head><style>p { color: red }</style><script>var x = "第九条 不是条文";</script></head>
        <body><h2>第一章 总则</h2><p>第一条&nbsp;银行卡&amp;账户的规定。</p><p>第二条 另一条。<br>第二款。</p></body></html>
        """
        let document = try RegulationParser().parse(source, file: "web.html")
        #expect(document.articles.map(\.number.number) == [1, 2])
        #expect(document.articles[0].text == "银行卡&账户的规定。")
        #expect(document.articles[1].paragraphs == ["另一条。", "第二款。"])
        #expect(document.articles[0].clausePath == "第一章/第一条")
    }

    @Test("Errors name the file, the line and what to fix", arguments: [
        ("no front matter\n第一条 x", 1, "front matter"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n没有条文", 8, "no articles"),
        ("---\nid: a\ntitle: t\nissuer: i\neffective: 2024-01-01\n---\n第一条 x", 2, "doc_no"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n第二条 x\n第一条 y", 9, "must increase"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024/01/01\n---\n第一条 x", 2, "not YYYY-MM-DD"),
        ("---\nid: a b\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n第一条 x", 2, "ASCII"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n第一条\n第二条 y", 8, "has no text"),
    ])
    func errors(source: String, line: Int, problem: String) {
        do {
            _ = try RegulationParser().parse(source, file: "bad.md")
            Issue.record("expected an error for \(source)")
        } catch {
            #expect(error.file == "bad.md")
            #expect(error.line == line)
            #expect(error.problem.contains(problem), "\(error.problem)")
        }
    }

    @Test("Long articles are chunked per paragraph with 款 in the clause path; short ones stay whole")
    func chunking() throws {
        let long = String(repeating: "长", count: 300)
        let source = "---\nid: c\ntitle: 分块办法\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n第一章 总则\n第一条 短条文。\n第二条 \(long)\n\(long)\n"
        let chunks = RegulationChunk.chunks(of: try RegulationParser().parse(source, file: "c.md"))
        #expect(chunks.map(\.clausePath) == ["第一章/第一条", "第一章/第二条/第一款", "第一章/第二条/第二款"])
        #expect(chunks.map(\.clauseLabel) == ["第一条", "第二条第一款", "第二条第二款"])
        #expect(Set(chunks.map(\.sha256)).count == 3)
    }
}

@Suite("Explicit references")
struct ExplicitReferenceTests {
    @Test("References are parsed with or without 《》, in Chinese or Arabic numerals", arguments: [
        ("《个人信息保护法》第二十八条规定了什么？", ExplicitReference(title: "个人信息保护法", article: ArticleNumber(28))),
        ("个人信息保护法第28条", ExplicitReference(title: "个人信息保护法", article: ArticleNumber(28))),
        ("请问第二十八条第二款怎么理解", ExplicitReference(title: nil, article: ArticleNumber(28), paragraph: 2)),
        ("银行卡业务管理办法第三十六条", ExplicitReference(title: "银行卡业务管理办法", article: ArticleNumber(36))),
        ("《示例办法》第十条之一", ExplicitReference(title: "示例办法", article: ArticleNumber(10, sub: 1))),
    ])
    func parse(text: String, expected: ExplicitReference) {
        #expect(ExplicitReference.parse(text) == [expected])
    }

    @Test("A name designates a title when it is the title or a long enough suffix of it")
    func designation() {
        #expect(ExplicitReference.name("个人信息保护法", designates: "中华人民共和国个人信息保护法"))
        #expect(ExplicitReference.name("请问个人信息保护法", designates: "中华人民共和国个人信息保护法"))
        #expect(!ExplicitReference.name("消费者权益保护法", designates: "中华人民共和国个人信息保护法"))
        #expect(!ExplicitReference.name("保护法", designates: "中华人民共和国个人信息保护法"))
    }
}
