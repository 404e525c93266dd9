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
    effective: 2024-01-01
    ---
    # 示例管理办法

    ## 第一章 总则
    第一条 为了规范示例业务，制定本办法。
    第二条 本办法适用于：
    （一）借记卡；
    （二）信用卡。
    第二章 附则
    第一百二十三条　全角空格之后的正文。
    第一百二十四条 最后一条。
    """

    @Test("Front matter, chapters, articles, paragraphs and items")
    func parsesStructure() throws {
        let document = try RegulationParser().parse(RegulationParserTests.sample, file: "demo.md")
        #expect(document.id == "demo")
        #expect(document.documentNumber == "示例〔2024〕1号")
        #expect(document.effective == "2024-01-01")
        #expect(document.articles.map(\.number) == [1, 2, 123, 124])
        #expect(document.articles[1].text == "本办法适用于：\n（一）借记卡；\n（二）信用卡。")
        #expect(document.articles[0].clausePath == "第一章/第一条")
        #expect(document.articles[2].clausePath == "第二章/第一百二十三条")
        #expect(document.articles[2].text == "全角空格之后的正文。")
    }

    @Test("Errors name the file, the line and what to fix", arguments: [
        ("no front matter\n第一条 x", 1, "front matter"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n没有条文", 8, "no articles"),
        ("---\nid: a\ntitle: t\nissuer: i\neffective: 2024-01-01\n---\n第一条 x", 2, "doc_no"),
        ("---\nid: a\ntitle: t\nissuer: i\ndoc_no: d\neffective: 2024-01-01\n---\n第二条 x\n第一条 y", 9, "must increase"),
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
}
