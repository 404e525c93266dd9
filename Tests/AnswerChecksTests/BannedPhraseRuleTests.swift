import Foundation
import Testing
@testable import AnswerChecks

@Suite("Tone: banned phrases and emoji")
struct BannedPhraseRuleTests {
    static let repositoryPolicies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies").path

    let rule = BannedPhraseRule(phrases: [.init("亲", except: ["亲自", "父亲"]), .init("哈喽")], bansEmoji: true)

    @Test("a banned phrase is found, the allowed longer words are not", arguments: [
        ("亲，您好", ["“亲”"]),
        ("请您亲自到网点办理，您的父亲也可以", []),
        ("哈喽，父亲节快乐", ["“哈喽”"]),
        ("亲亲", ["“亲”", "“亲”"]),
        ("好的😀", ["emoji U+1F600"]),
        ("注意❤️", ["emoji U+2764"]),
        ("第1条 #2 ©", []),   // digits, '#' and © are emoji-capable but not emoji here
    ])
    func matches(text: String, expected: [String]) {
        #expect(rule.matches(in: text).map(\.what) == expected)
    }

    @Test("the held-back tail for streams covers the longest phrase or exception")
    func longestPhrase() {
        #expect(rule.longestPhraseBytes == 8)   // emoji: up to 2 scalars of 4 bytes
        #expect(BannedPhraseRule(phrases: [.init("哈喽哈喽哈喽")], bansEmoji: false).longestPhraseBytes == 18)
    }

    @Test("the shipped tone rules load and catch the brief's examples")
    func shippedRules() throws {
        let policy = try AnswerPolicy.load(directory: Self.repositoryPolicies)
        let verdict = policy.sampleChecker.check("【政策依据】《商业银行法》第二十九条。\n【简明解释】亲，宝宝别急，哈喽～", context: AnswerContext(retrieved: [], requireCitations: false))
        #expect(verdict.violations.map(\.detail) == ["banned phrase “亲”", "banned phrase “宝宝”", "banned phrase “哈喽”"])
        let fine = policy.sampleChecker.check("【政策依据】《商业银行法》第二十九条。\n【简明解释】请您亲自携带证件办理。", context: AnswerContext(retrieved: [], requireCitations: false))
        #expect(fine.outcome == .pass)
    }

    @Test("policy mistakes are load errors naming the file and what to fix", arguments: [
        ("banned_phrases: [亲]\nban_emojis: true\n", "unknown key 'ban_emojis'"),
        ("banned_phrases:\n  - phrase: 亲\n    except: [父母]\n", "exception '父母' does not contain '亲'"),
        ("banned_phrases: 亲\n", "banned_phrases must be a list"),
        ("ban_emoji: maybe\n", "ban_emoji must be true or false"),
        ("banned_phrases: [\n", "not valid YAML"),
    ])
    func loadErrors(text: String, problem: String) {
        do {
            _ = try AnswerPolicy.parse(text, path: "answers/tone.yaml")
            Issue.record("loaded: \(text)")
        } catch {
            #expect(error.description.hasPrefix("answers/tone.yaml: "))
            #expect(error.description.contains(problem), "\(error)")
        }
    }
}
