import Crypto
import Testing
@testable import Masking

@Suite("Masking operators")
struct OperatorTests {
    static let key = SymmetricKey(data: Array("a test pseudonym key of 32+ bytes!!".utf8))

    func masker(_ operators: String, key: SymmetricKey? = nil) throws -> Masker {
        let policy = try MaskingPolicy.load(sources: [
            ("ops.yaml", "operators:\n" + operators),
            ("rest.yaml", try String(contentsOfFile: RepositoryPolicy.directory + "/pii/identifiers.yaml", encoding: .utf8)),
            ("contact.yaml", try String(contentsOfFile: RepositoryPolicy.directory + "/pii/contact.yaml", encoding: .utf8)),
            ("names.yaml", try String(contentsOfFile: RepositoryPolicy.directory + "/pii/names.yaml", encoding: .utf8)),
            ("places.yaml", try String(contentsOfFile: RepositoryPolicy.directory + "/pii/places.yaml", encoding: .utf8)),
        ])
        return try policy.masker(pseudonymKey: key)
    }

    @Test("Partial masks keep the first and last characters and the separators")
    func partial() throws {
        let masker = try masker("""
              PHONE: { operator: partial, keep_first: 3, keep_last: 4 }
              BANK_CARD: { operator: partial, keep_first: 4, keep_last: 4 }
              PERSON: { operator: partial, keep_first: 1, keep_last: 0 }
            """)
        #expect(try masker.mask("手机13812345678").masked == "手机138****5678")
        #expect(try masker.mask("卡号4111 1111 1111 1111").masked == "卡号4111 **** **** 1111")
        #expect(try masker.mask("我叫张伟").masked == "我叫张*")
    }

    @Test("Redaction replaces with a fixed text; the default is the bare type")
    func redact() throws {
        let masker = try masker("  PHONE: { operator: redact }\n  EMAIL: { operator: redact, replacement: '[已删除]' }\n")
        #expect(try masker.mask("13812345678 a@b.cn").masked == "<PHONE> [已删除]")
    }

    @Test("Keyed pseudonyms are stable across maskers with one key, differ with another key, and never show the value")
    func pseudonyms() throws {
        let first = try masker("  PHONE: { operator: hmac }\n", key: Self.key)
        let second = try masker("  PHONE: { operator: hmac }\n", key: Self.key)
        let other = try masker("  PHONE: { operator: hmac }\n", key: SymmetricKey(data: Array("another key, also 32 bytes or more".utf8)))
        let a = try first.mask("打13812345678").masked
        #expect(a == (try second.mask("打138 1234 5678").masked))
        #expect(a != (try other.mask("打13812345678").masked))
        #expect(a.hasPrefix("打<PHONE_") && a.count == "打<PHONE_".count + 12 + 1)
        #expect(!a.contains("1381234"))
    }

    @Test("A key's public name is stable, differs between keys, and is neither the key nor a pseudonym")
    func keyIdentifier() throws {
        let other = SymmetricKey(data: Array("another key, also 32 bytes or more".utf8))
        let name = PseudonymKey.identifier(of: Self.key)
        #expect(name == PseudonymKey.identifier(of: SymmetricKey(data: Array("a test pseudonym key of 32+ bytes!!".utf8))))
        #expect(name != PseudonymKey.identifier(of: other))
        #expect(name.wholeMatch(of: /hk_[0-9a-f]{16}/) != nil)
        let pseudonym = try masker("  PHONE: { operator: hmac }\n", key: Self.key).pseudonym(for: "13812345678", type: .phone)
        #expect(!pseudonym.contains(name.dropFirst(3).prefix(12)))
    }

    @Test("A policy using hmac without a key is refused")
    func pseudonymNeedsKey() throws {
        #expect(throws: MaskingError.missingPseudonymKey(type: .phone)) { try masker("  PHONE: { operator: hmac }\n") }
        #expect(throws: PseudonymKeyError.self) { try PseudonymKey.from(secret: "short", source: "test") }
    }

    @Test("Vault tags restore the user's own values; ordinary tags and invented tags do not")
    func vault() throws {
        let masker = try masker("  PHONE: { operator: vault }\n")
        var session = MaskingSession()
        let masked = try masker.mask("我叫张伟，手机138 1234 5678", session: &session)
        #expect(masked.masked == "我叫<PERSON_1>，手机<PHONE_1>")
        #expect(session.vaultCount == 1)
        let answer = "已向<PHONE_1>发送短信，<PERSON_1>您好，<PHONE_9>无效"
        #expect(session.restore(answer) == "已向138 1234 5678发送短信，<PERSON_1>您好，<PHONE_9>无效")
    }

    @Test("Secrets may only be tagged or redacted")
    func secretsNeverReversible() {
        for op in ["vault", "hmac", "keep", "partial, keep_first: 1"] {
            #expect(throws: PolicyErrors.self) {
                try MaskingPolicy.load(sources: [("s.yaml", "recognizers:\n  - {id: x, type: AUTH_SECRET, pattern: 'x', score: 1}\noperators:\n  AUTH_SECRET: { operator: \(op) }\n")])
            }
        }
    }

    @Test("Organisations are reported but kept by the shipped policy")
    func organisationsKept() throws {
        let result = try RepositoryPolicy.masker().mask("我在招商银行上海分行开户")
        #expect(result.masked == "我在招商银行上海分行开户")
        #expect(result.findings.map(\.type) == [.organization])
    }
}
