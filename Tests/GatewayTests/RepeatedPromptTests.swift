import Foundation
import Gateway
import Masking
import Models
import Retrieval
import Testing

/// Every request of a bot carries the same system prompt: once found clean it is not masked again.
@Suite("Repeated prompts")
struct RepeatedPromptTests {
    @Test("A clean system prompt is masked once per route; messages with personal data are masked on every request")
    func systemPromptMaskedOnce() async throws {
        let fixture = try await GatewayFixture.make()
        let policy = try MaskingPolicy.load(directory: GatewayFixture.policies)
        let pipeline = ExchangePipeline(masker: try policy.masker(), policyDigest: policy.digest,
                                        index: try RegulationIndex(path: fixture.data.indexPath),
                                        backend: ExtractiveResponder(), checker: .standard, log: fixture.server.audit)
        let route = RouteConfiguration(name: "cs")
        let principal = Principal(name: "test-bot", role: .bot, routes: ["cs"])
        let prompt = "你是银行客服助手，回答须先给出【政策依据】再给出【简明解释】。"
        let personalPrompt = "客服热线转接：客户手机13812345678"
        let messages = [ChatMessage(role: "system", content: prompt), ChatMessage(role: "system", content: personalPrompt),
                        ChatMessage(role: "user", content: "我的卡号6222021234567890128丢了怎么挂失？")]

        let first = try await pipeline.run(messages: messages, principal: principal, route: route)
        let cache = pipeline.rules(for: route).cleanTexts
        #expect(cache.contains(prompt))
        #expect(!cache.contains(personalPrompt) && !cache.contains(messages[2].content))
        let second = try await pipeline.run(messages: messages, principal: principal, route: route)
        #expect(second.audit.maskedInput == first.audit.maskedInput)
        #expect(second.audit.maskedInput.contains("system: \(prompt)"))
        #expect(second.audit.maskedInput.contains("客户手机<PHONE_1>") && second.audit.maskedInput.contains("<BANK_CARD_1>"))
        #expect(second.audit.findingCounts == first.audit.findingCounts)
    }
}
