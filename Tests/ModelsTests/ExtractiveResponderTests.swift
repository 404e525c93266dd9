import Testing
import Retrieval
@testable import Models

@Suite("Extractive responder")
struct ExtractiveResponderTests {
    static func hit(title: String, article: Int, text: String) -> RetrievalHit {
        RetrievalHit(citationKey: "doc@v#第\(article)条", documentID: "doc", version: "v", title: title,
                     clausePath: "第\(ChineseNumeral.format(article))条", articleNumber: article,
                     citation: "《\(title)》第\(ChineseNumeral.format(article))条", text: text,
                     effective: "2020-01-01", score: 1, indexVersion: 1)
    }

    @Test("Cites the best clause verbatim, then explains it in plain words")
    func composesBothSections() async throws {
        let clause = Self.hit(title: "银行卡业务管理办法", article: 36, text: "持卡人丧失银行卡，应当立即申请挂失。发卡银行审核后办理挂失手续。")
        let result = try await ExtractiveResponder().generate(GenerationRequest(
            messages: [ChatMessage(role: "user", content: "卡丢了怎么办")], clauses: [clause, Self.hit(title: "其他", article: 1, text: "无关。")]))
        #expect(result.text.hasPrefix("【政策依据】《银行卡业务管理办法》第三十六条：持卡人丧失银行卡，应当立即申请挂失。发卡银行审核后办理挂失手续。\n【简明解释】"))
        #expect(result.text.contains("持卡人丧失银行卡，应当立即申请挂失"))
        #expect(!result.text.contains("《其他》"))
        #expect(result.backend == "extractive")
    }

    @Test("Multi-paragraph clauses are joined on one line; long first sentences are shortened")
    func longClause() {
        let long = String(repeating: "很", count: 200) + "长。第二句。"
        let text = ExtractiveResponder().compose(clauses: [Self.hit(title: "甲", article: 2, text: "第一款。\n第二款。"),])
        #expect(text.contains("第一款。第二款。"))
        let explanation = ExtractiveResponder().explanation(of: Self.hit(title: "甲", article: 2, text: long))
        #expect(explanation.contains("……"))
        #expect(explanation.count < 150)
    }

    @Test("With nothing retrieved it says so and cites nothing")
    func noClauses() {
        let text = ExtractiveResponder().compose(clauses: [])
        #expect(text == ExtractiveResponder.noBasisAnswer)
        #expect(!text.contains("《"))
    }
}
