import Foundation
import Scrubbing

/// Seeded fine-tuning records (customer-service dialogues in LLaMA-Factory's layouts) built from
/// ``PIICorpus`` messages, for scrub tests and the scrub benchmark. About one in twenty assistant
/// turns breaks the tone rules (亲, emoji) so that `--check-answers` has something to quarantine.
public struct FineTuningCorpus: Sequence, IteratorProtocol {
    /// The record layouts the corpus can write.
    public enum Layout: String, Sendable, CaseIterable {
        case alpaca, sharegpt, openai
    }

    public let layout: Layout
    private var generator: SeededGenerator
    private var messages: [LabelledMessage] = []
    private var nextSeed: UInt64
    private var produced = 0

    public init(layout: Layout, seed: UInt64 = 20_261_122) {
        self.layout = layout
        generator = SeededGenerator(seed: seed)
        nextSeed = seed
    }

    /// The next record as one JSON line (without the newline).
    public mutating func next() -> String? {
        produced += 1
        let turns = Int.random(in: 1...3, using: &generator)
        var pairs: [(user: String, assistant: String)] = []
        for _ in 0..<turns { pairs.append((message(), answer())) }
        let system = JSONText.quoted("你是银行客服助手，回答须先给出【政策依据】再给出【简明解释】。")
        switch layout {
        case .alpaca:
            let last = pairs.removeLast()
            let history = pairs.map { "[\(JSONText.quoted($0.user)), \(JSONText.quoted($0.assistant))]" }.joined(separator: ", ")
            return "{\"instruction\": \(JSONText.quoted(last.user)), \"input\": \"\", \"output\": \(JSONText.quoted(last.assistant)), \"system\": \(system), \"history\": [\(history)], \"id\": \(produced)}"
        case .sharegpt:
            let turns = pairs.map { "{\"from\": \"human\", \"value\": \(JSONText.quoted($0.user))}, {\"from\": \"gpt\", \"value\": \(JSONText.quoted($0.assistant))}" }
            return "{\"conversations\": [\(turns.joined(separator: ", "))], \"system\": \(system), \"id\": \(produced)}"
        case .openai:
            let turns = pairs.map { "{\"role\": \"user\", \"content\": \(JSONText.quoted($0.user))}, {\"role\": \"assistant\", \"content\": \(JSONText.quoted($0.assistant))}" }
            return "{\"messages\": [{\"role\": \"system\", \"content\": \(system)}, \(turns.joined(separator: ", "))]}"
        }
    }

    private mutating func message() -> String {
        if messages.isEmpty {
            messages = PIICorpus.generate(count: 512, seed: nextSeed)
            nextSeed &+= 1
        }
        return messages.removeLast().text
    }

    private mutating func answer() -> String {
        let basis = generator.pick([
            "《中华人民共和国个人信息保护法》第十三条：处理个人信息应当具有明确、合理的目的。",
            "《商业银行法》第二十九条：商业银行办理个人储蓄存款业务，应当遵循存款自愿、取款自由、存款有息、为存款人保密的原则。",
            "《银行保险机构消费者权益保护管理办法》第九条。",
        ])
        var explanation = generator.pick(["您好，", "", "感谢来电，"]) + generator.pick([
            "您的业务需本人携带有效证件到网点办理。",
            "银行会为您的存款信息保密，不会向第三方透露。",
            "您的申请已受理，请留意短信通知。",
        ])
        if generator.chance(0.03) { explanation = "亲，" + explanation }
        if generator.chance(0.02) { explanation += "😊" }
        if generator.chance(0.2) { explanation += "如有疑问请联系" + message() }
        return "【政策依据】" + basis + "\n【简明解释】" + explanation
    }
}
