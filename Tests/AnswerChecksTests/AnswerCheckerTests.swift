import Testing
import Retrieval
@testable import AnswerChecks

@Suite("Answer checks")
struct AnswerCheckerTests {
    static let clause = RetrievalHit(citationKey: "card@v#第三十六条", documentID: "card", version: "v", title: "银行卡业务管理办法",
                                     clausePath: "第三十六条", articleNumber: 36, citation: "《银行卡业务管理办法》第三十六条",
                                     text: "持卡人丧失银行卡，应当立即申请挂失。", effective: "1999-03-01", score: 1, indexVersion: 1)
    let context = AnswerContext(retrieved: [AnswerCheckerTests.clause], requireCitations: true)

    @Test("A well-formed answer citing a retrieved clause passes")
    func passes() {
        let verdict = AnswerChecker.standard.check("【政策依据】《银行卡业务管理办法》第三十六条：持卡人丧失银行卡，应当立即申请挂失。\n【简明解释】卡丢了请尽快挂失。", context: context)
        #expect(verdict.outcome == .pass)
        #expect(verdict.violations.isEmpty)
    }

    @Test("Shape violations are each named", arguments: [
        ("【简明解释】只有解释。", "missing section 【政策依据】"),
        ("您好！【政策依据】《银行卡业务管理办法》第36条。【简明解释】请挂失。", "text before 【政策依据】"),
        ("【政策依据】《银行卡业务管理办法》第三十六条。", "missing section 【简明解释】"),
        ("【政策依据】《银行卡业务管理办法》第三十六条。【简明解释】  ", "section 【简明解释】 is empty"),
        ("【简明解释】先解释。【政策依据】《银行卡业务管理办法》第三十六条。", "text before 【政策依据】"),
    ])
    func shapeViolations(answer: String, expected: String) {
        let verdict = AnswerChecker.standard.check(answer, context: context)
        #expect(verdict.outcome == .blocked)
        #expect(verdict.violations.contains { $0.rule == "shape" && $0.detail.contains(expected) }, "\(verdict.violations)")
    }

    @Test("A citation of a clause that was not retrieved is blocked")
    func unretrievedCitation() {
        let verdict = AnswerChecker.standard.check("【政策依据】《银行卡业务管理办法》第四十条：每日取款上限。\n【简明解释】有上限。", context: context)
        #expect(verdict.outcome == .blocked)
        #expect(verdict.violations == [Violation(rule: "citation", detail: "《银行卡业务管理办法》第四十条 was not among the clauses retrieved for this question")])
    }

    @Test("No citation fails only on routes that require citations")
    func requireCitations() {
        let answer = "【政策依据】暂无。\n【简明解释】请咨询柜面。"
        #expect(AnswerChecker.standard.check(answer, context: context).outcome == .blocked)
        #expect(AnswerChecker.standard.check(answer, context: AnswerContext(retrieved: [], requireCitations: false)).outcome == .pass)
    }

    @Test("Citations are parsed with Chinese or Arabic article numbers")
    func citationParsing() {
        let found = CitationRule.citations(in: "见《甲法》第二十八条和《乙法》第28条，以及《丙法》全文。")
        #expect(found == [.init(title: "甲法", article: 28), .init(title: "乙法", article: 28)])
        #expect(CitationRule.citations(in: "《甲法》第三条：“原文”。").first?.quote == "原文")
    }

    @Test("A quoted passage must be the clause's words, whatever the spacing and punctuation", arguments: [
        ("《银行卡业务管理办法》第三十六条：“持卡人丧失银行卡，应当立即申请挂失。”", true),
        ("《银行卡业务管理办法》第三十六条“持卡人丧失银行卡, 应当立即申请挂失”", true),
        ("《银行卡业务管理办法》第三十六条：「持卡人丧失银行卡……申请挂失」", true),
        ("《银行卡业务管理办法》第三十六条：“持卡人丧失银行卡，可以不挂失。”", false),
        ("《银行卡业务管理办法》第三十六条：“申请挂失……持卡人丧失银行卡”", false),
    ])
    func quotes(basis: String, passes: Bool) {
        let verdict = AnswerChecker.standard.check("【政策依据】\(basis)\n【简明解释】请挂失。", context: context)
        #expect((verdict.outcome == .pass) == passes, "\(verdict.violations)")
        if !passes { #expect(verdict.violations.first?.detail.hasPrefix("the passage quoted from 《银行卡业务管理办法》第三十六条") == true) }
    }
}
