import AnswerChecks
import Masking
import Models
import Retrieval
import Testing
@testable import Gateway

@Suite("Streaming guard, chunk by chunk")
struct AnswerStreamGuardTests {
    static let clause = RetrievalHit(citationKey: "card@v#第三十六条", documentID: "card", version: "v", title: "银行卡业务管理办法",
                                     clausePath: "第三十六条", articleNumber: 36, citation: "《银行卡业务管理办法》第三十六条",
                                     text: "持卡人丧失银行卡，应当立即申请挂失。", effective: "1999-03-01", score: 1, indexVersion: 1)

    static func makeGuard() throws -> AnswerStreamGuard {
        let policy = try MaskingPolicy.load(directory: GatewayFixture.policies)
        let answers = try AnswerPolicy.load(directory: GatewayFixture.policies)
        return AnswerStreamGuard(checker: answers.exchangeChecker, context: AnswerContext(retrieved: [clause], requireCitations: true),
                                 masker: try policy.masker(), session: MaskingSession(), holdBack: 48)
    }

    /// Feeds `pieces` one by one; returns everything emitted and the first violation.
    static func run(_ pieces: [String]) throws -> (sent: String, violation: AnswerStreamGuard.Step?) {
        var guardian = try makeGuard()
        var sent = ""
        for piece in pieces {
            switch guardian.feed(piece) {
            case .hold: continue
            case let .emit(text): sent += text
            case let step: return (sent, step)
            }
        }
        switch guardian.finish() {
        case let .emit(text): sent += text
        case .hold: break
        case let step: return (sent, step)
        }
        return (sent, nil)
    }

    static func characters(_ text: String) -> [String] { text.map(String.init) }

    @Test("nothing of 【政策依据】 leaves before 【简明解释】 begins and the citation checks out")
    func basisHeld() throws {
        var guardian = try Self.makeGuard()
        for piece in Self.characters("【政策依据】《银行卡业务管理办法》第三十六条。") {
            #expect(guardian.feed(piece) == .hold)
        }
    }

    @Test("a phone number streamed digit by digit is sent only masked")
    func phoneAcrossChunks() throws {
        let answer = "【政策依据】《银行卡业务管理办法》第三十六条。\n【简明解释】请尽快挂失，客户经理的手机是13912345678，也可以到网点办理相关手续，我们会依法保护您的个人信息，谢谢。"
        let (sent, violation) = try Self.run(Self.characters(answer))
        #expect(violation == nil)
        #expect(!sent.contains("139") && sent.contains("<PHONE_1>"), "\(sent)")
        #expect(sent.hasSuffix("谢谢。"))
    }

    @Test("a citation of an unretrieved clause is a violation before anything is sent")
    func wrongCitation() throws {
        let (sent, violation) = try Self.run(Self.characters("【政策依据】《不存在的办法》第九条。\n【简明解释】可以。"))
        #expect(sent.isEmpty)
        guard case let .violation(violations, afterSending) = violation else { Issue.record("no violation"); return }
        #expect(!afterSending && violations.first?.rule == "citation")
    }

    @Test("text before 【政策依据】 is refused at once")
    func preamble() throws {
        var guardian = try Self.makeGuard()
        guard case let .violation(violations, afterSending) = guardian.feed("好的，") else { Issue.record("accepted a preamble"); return }
        #expect(!afterSending && violations.first?.rule == "shape")
    }

    @Test("a banned phrase split over chunks stops the stream; no part of it was sent")
    func bannedAcrossChunks() throws {
        let lead = "【政策依据】《银行卡业务管理办法》第三十六条。\n【简明解释】" + String(repeating: "请尽快挂失并联系网点。", count: 8)
        let (sent, violation) = try Self.run([lead, "哈", "喽，再见"])
        guard case let .violation(_, afterSending) = violation else { Issue.record("no violation"); return }
        #expect(afterSending && !sent.isEmpty && !sent.contains("哈"))
    }

    @Test("server-sent events are parsed across arbitrary cuts, CRLF and multi-line data")
    func eventParser() {
        var parser = ServerSentEventParser()
        let stream = Array("data: {\"a\":\"中文\"}\r\n\r\n: comment\n\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n".utf8)
        var events: [String] = []
        var index = 0
        for size in [1, 2, 5, 3, 7, 11, 100] where index < stream.count {
            let end = min(stream.count, index + size)
            events += parser.feed(stream[index..<end])
            index = end
        }
        events += parser.feed(stream[index...])
        #expect(events == ["{\"a\":\"中文\"}", "line1\nline2", "[DONE]"])
    }
}
