import Testing
@testable import Masking

@Suite("Clean-text cache")
struct CleanTextCacheTests {
    @Test("Bounded: a text over the length limit is never kept; a full cache empties and refills")
    func bounded() {
        let cache = CleanTextCache(capacity: 2, maxLength: 8)
        cache.insert("一二三")   // 9 bytes: too long to keep
        cache.insert("ab")
        cache.insert("cd")
        cache.insert("ef")       // full: emptied, then kept
        #expect(cache.count == 1 && cache.contains("ef") && !cache.contains("ab") && !cache.contains("一二三"))
    }

    @Test("Exact bytes: a canonically equivalent spelling or a prefix is another text")
    func exactBytes() {
        let cache = CleanTextCache()
        cache.insert("caf\u{E9}张三")
        #expect(cache.contains("caf\u{E9}张三") && !cache.contains("cafe\u{301}张三") && !cache.contains("caf\u{E9}张"))
    }

    @Test("Masking through the cache: a clean text is remembered and masks to itself; a text with findings is masked every time")
    func maskingThroughTheCache() throws {
        let masker = try RepositoryPolicy.masker()
        let cache = CleanTextCache()
        let prompt = "你是银行客服助手，回答须先给出【政策依据】再给出【简明解释】。"
        let personal = "我的手机是13812345678"
        var session = MaskingSession()
        let first = try masker.mask(prompt, session: &session, cleanTexts: cache)
        #expect(first.masked == prompt && first.findings.isEmpty && cache.contains(prompt))
        #expect(try masker.mask(prompt, session: &session, cleanTexts: cache).masked == prompt)
        for _ in 0..<2 {
            let masked = try masker.mask(personal, session: &session, cleanTexts: cache)
            #expect(masked.masked == "我的手机是<PHONE_1>" && masked.findings.count == 1)
        }
        #expect(!cache.contains(personal) && cache.count == 1)
    }

    @Test("A text whose only findings are kept (ORG) is remembered with them, and a repeat reports them again")
    func keptFindingsRemembered() throws {
        let masker = try RepositoryPolicy.masker()
        let cache = CleanTextCache()
        let prompt = "你是招商银行股份有限公司的在线客服助手。"
        var session = MaskingSession()
        let first = try masker.mask(prompt, session: &session, cleanTexts: cache)
        #expect(first.masked == prompt)
        #expect(!first.findings.isEmpty && first.findings.allSatisfy { $0.type == .organization })
        #expect(cache.contains(prompt))
        let again = try masker.mask(prompt, session: &session, cleanTexts: cache)
        #expect(again.masked == prompt && again.findings == first.findings)
    }
}

@Suite("Clean-text cache: cheap hash")
struct CleanTextCacheQuickHashTests {
    private func hash(_ text: String, seed: UInt64 = 7) -> UInt64 {
        var text = text
        return text.withUTF8 { CleanTextCache.quickHash($0, seed: seed) }
    }

    @Test("Every one-byte change, in a full word or in the tail, and every length gives another hash")
    func sensitive() {
        let base = Array("客服热线 95588, order 2026-11-22".utf8)
        var seen: Set<UInt64> = [hash(String(decoding: base, as: UTF8.self))]
        for index in base.indices {
            var changed = base
            changed[index] ^= 0x01
            seen.insert(changed.withUnsafeBufferPointer { CleanTextCache.quickHash($0, seed: 7) })
        }
        for length in 0..<base.count {
            seen.insert(base[..<length].withUnsafeBufferPointer { CleanTextCache.quickHash($0, seed: 7) })
        }
        #expect(seen.count == 2 * base.count + 1)
    }

    @Test("The seed changes the hash, so another cache buckets texts differently")
    func seeded() {
        #expect(hash("你是银行客服助手", seed: 1) != hash("你是银行客服助手", seed: 2))
    }
}
