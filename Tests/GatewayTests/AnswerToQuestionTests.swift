import Foundation
import Gateway
import Masking
import Models
import Retrieval
import Synchronization
import Testing

/// A backend that answers like the extractive responder and keeps the messages it was sent.
final class RecordingBackend: ChatBackend {
    var id: String { "recording" }
    let seen = Mutex<[ChatMessage]>([])
    func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        seen.withLock { $0 = request.messages }
        return try await ExtractiveResponder().generate(request)
    }
}

@Suite("Replies that are only the value a bot asked for")
struct AnswerToQuestionTests {
    @Test("A user's reply to a bot's question for a name, an ID or a phone is masked as that value; the model and the audit entry see tags")
    func repliesTakeTheQuestionsLabel() async throws {
        let fixture = try await GatewayFixture.make()
        let policy = try MaskingPolicy.load(directory: GatewayFixture.policies)
        let backend = RecordingBackend()
        let pipeline = ExchangePipeline(masker: try policy.masker(), policyDigest: policy.digest,
                                        index: try RegulationIndex(path: fixture.data.indexPath),
                                        backend: backend, checker: .standard, log: fixture.server.audit)
        let messages = [
            ChatMessage(role: "user", content: "我想挂失银行卡"),
            ChatMessage(role: "assistant", content: "好的，请问您的姓名？"),
            ChatMessage(role: "user", content: "钱立群"),
            ChatMessage(role: "assistant", content: "请提供您的身份证号码。"),
            ChatMessage(role: "user", content: " 110105491231002 "),
            ChatMessage(role: "assistant", content: "您的联系电话是？"),
            ChatMessage(role: "user", content: "88886666"),
            // A user's own message naming the value it is about to send.
            ChatMessage(role: "user", content: "我的护照号码是"),
            ChatMessage(role: "user", content: "EB1234567"),
            // Not a question for a value: the reply is no value either.
            ChatMessage(role: "assistant", content: "好的，还有什么可以帮您？"),
            ChatMessage(role: "user", content: "88886666"),
        ]
        let principal = Principal(name: "test-bot", role: .bot, routes: ["cs"])
        let result = try await pipeline.run(messages: messages, principal: principal, route: RouteConfiguration(name: "cs"))
        let sent = backend.seen.withLock { $0 }.filter { $0.role == "user" }.map(\.content)
        #expect(sent == ["我想挂失银行卡", "<PERSON_1>", " <CN_ID_1> ", "<PHONE_1>", "我的护照号码是", "<PASSPORT_1>", "88886666"])
        #expect(!result.audit.maskedInput.contains("钱立群") && !result.audit.maskedInput.contains("110105491231002"))
    }

    @Test("The label a question asks for is the one it names last, near its end")
    func requestedLabels() throws {
        let detector = try MaskingPolicy.load(directory: GatewayFixture.policies).detector
        #expect(detector.requestedLabel(in: "为了核实身份，请提供您的姓名和身份证号") == "身份证号")
        #expect(detector.requestedLabel(in: "请输入短信验证码：") == "短信验证码")
        #expect(detector.requestedLabel(in: "Could you confirm your date of birth?") == "date of birth")
        #expect(detector.requestedLabel(in: "I'm pinging the team now.") == nil)
        #expect(detector.requestedLabel(in: "好的，还有什么可以帮您？") == nil)
        // A warning names a value without asking for it; only the last sentence asks.
        #expect(detector.requestedLabel(in: "请勿向任何人泄露验证码。") == nil)
        #expect(detector.requestedLabel(in: "您的姓名已登记。还有什么可以帮您？") == nil)
    }

    @Test("Only a bare value is taken whole: a sentence, a list or a reply with no digit for a code stays with the other recognizers")
    func bareValuesOnly() throws {
        let detector = try MaskingPolicy.load(directory: GatewayFixture.policies).detector
        func types(_ reply: String, _ label: String) throws -> [String] {
            try detector.findings(in: reply, fieldLabel: label).map(\.type.rawValue)
        }
        #expect(try types("a1b2c3", "验证码") == ["AUTH_SECRET"])
        #expect(try types("我没收到验证码怎么办", "验证码").isEmpty)
        #expect(try types("thanks!", "验证码").isEmpty)
        #expect(try types("钱立群。", "姓名") == ["PERSON"])
        #expect(try types("钱立群，孔乙己", "姓名").isEmpty)
        #expect(try types("我不记得了", "地址").isEmpty)
        #expect(try types(String(repeating: "钱立群", count: 12), "姓名").isEmpty)
    }
}
