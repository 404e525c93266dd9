@testable import Models
import Retrieval
import Testing

@Suite("Prompt template")
struct PromptTemplateTests {
    static func clause(_ citation: String, _ text: String) -> RetrievalHit {
        RetrievalHit(citationKey: "doc@0#\(citation)", documentID: "doc", version: "0", title: "规定", clausePath: citation,
                     articleNumber: 1, citation: citation, text: text, effective: "2020-01-01", score: 1, indexVersion: 1)
    }

    @Test("Clauses are numbered with their citation, one line each, where the template says")
    func rendersClauses() {
        let template = PromptTemplate(text: "前言\n{{clauses}}\n结尾")
        let rendered = template.render(clauses: [Self.clause("《规定》第一条", "第一款。\n第二款。"), Self.clause("《规定》第二条", "一行。")])
        #expect(rendered == "前言\n[1] 《规定》第一条：第一款。第二款。\n[2] 《规定》第二条：一行。\n结尾")
    }

    @Test("Without clauses the model is told there is nothing to cite")
    func noClauses() {
        let rendered = PromptTemplate.standard.render(clauses: [])
        #expect(rendered.contains("未检索到相关条款"))
        #expect(!rendered.contains("{{clauses}}"))
    }

    @Test("Line feeds are removed byte by byte exactly as a split at the character \"\\n\" removed them")
    func oneLineMatchesCharacterSplit() {
        let samples = ["", "无换行", "a\nb", "\n\n开头\n", "行一\r\n行二", "e\u{301}\n\u{301}x", "\r\n\n\r", "条款\n（一）\n（二）"]
        for sample in samples {
            #expect(PromptTemplate.oneLine(sample) == sample.split(separator: "\n").joined(), "\(sample.debugDescription)")
        }
    }
}
