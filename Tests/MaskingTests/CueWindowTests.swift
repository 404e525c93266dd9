import Testing
@testable import Masking

/// A pattern that only counts next to a cue word is only looked for next to one: PCRE2 starts at
/// each cue's window instead of scanning the whole text. These tests hold the windowed search to
/// the findings of a full scan.
@Suite("Matching only where a cue can reach")
struct CueWindowTests {
    @Test("A cue word in Latin letters counts only as a word (not tel in hotel, pin in opinion or pinging), or a camel-case part (smsCode), or a plural; the cue index and the plain scan agree")
    func cueWordsStartWords() {
        let rule = ContextRule(before: ["tel", "pin", "code", "证件号"], window: 12, adjustment: 0.5)
        let index = CueIndex(words: rule.words)
        let resolved = rule.resolved(with: index.ids)
        let cases: [(text: String, cue: String?)] = [
            ("the hotel 88886666", nil), ("HOTEL 88886666", nil), ("in my opinion 4829", nil), ("barcode 436301", nil),
            ("tel 88886666", "tel"), ("Tel: 88886666", "tel"), ("PIN 4829", "pin"), ("smsCode 482913", "code"),
            ("verification_code=482913", "code"), ("电话tel88886666", "tel"), ("身份证件号 123456", "证件号"),
            // Nor where the text goes on into a longer word (pinging, codename, telling), but for a
            // plural and a camel-case part after it.
            ("pinging 4829", nil), ("codename 436301", nil), ("Telling 88886666", nil), ("PINS 4829", "pin"),
            ("codes: 482913", "code"), ("pinCode 4829", "pin"),
        ]
        for (text, cue) in cases {
            let normalized = NormalizedText(text)
            let bytes = normalized.utf8
            // The value is the last word: every case ends with its digits.
            let start = bytes.lastIndex { $0 &- 0x30 >= 10 }.map { $0 + 1 } ?? 0
            let match = start..<bytes.count
            #expect(resolved.cue(around: match, in: bytes, occurrences: index.occurrences(in: bytes)) == cue, "\(text)")
            #expect(rule.cue(around: match, in: bytes) == cue, "\(text), without the index")
        }
    }

    @Test("Only matches starting inside a window are returned; look-behinds still see the text before it")
    func windowedMatches() throws {
        let pattern = try CompiledPattern("(?<![0-9])[0-9]{4,8}(?![0-9])", owner: "test")
        let text = Array("a 1234 b 5678 c 123456789 d 2468".utf8)
        let all = try pattern.matches(in: text)
        #expect(all.map { String(decoding: text[$0], as: UTF8.self) } == ["1234", "5678", "2468"])
        let workspace = try #require(MatchWorkspace())
        // A window covering only the start of "5678"; one starting inside the nine-digit run, where the
        // look-behind must refuse "23456789"; one that reaches "2468".
        let windowed = try pattern.matches(in: text, workspace: workspace, startWindows: [9...9, 16...20, 26...28])
        #expect(windowed.map { String(decoding: text[$0], as: UTF8.self) } == ["5678", "2468"])
        #expect(try pattern.matches(in: text, workspace: workspace, startWindows: []).isEmpty)
        // A window's search ends at its last byte (the offset limit): a match starting there counts,
        // one starting a byte later does not, whether or not a later window would reach it.
        #expect(try pattern.matches(in: text, workspace: workspace, startWindows: [3...9]).map(\.lowerBound) == [9])
        #expect(try pattern.matches(in: text, workspace: workspace, startWindows: [3...8]).isEmpty)
        #expect(try pattern.matches(in: text, workspace: workspace, startWindows: [3...8, 28...28]).map(\.lowerBound) == [28])
        // The same workspace then scans a whole text again without a limit left behind.
        #expect(try pattern.matches(in: text, workspace: workspace).count == 3)
    }

    @Test("A finding's reason names the cue of each rule that fired, and no word outside its window")
    func reasonsNameFiredRules() throws {
        let recognizer = try PatternRecognizer(
            id: "card", entityType: .bankCard, pattern: "(?<![0-9])[0-9]{8}(?![0-9])", score: 0.6,
            context: [ContextRule(before: ["卡号"], window: 6, adjustment: 0.3),
                      ContextRule(before: ["订单"], window: 6, adjustment: -0.1),
                      ContextRule(after: ["有效"], window: 4, adjustment: 0.1)])
        let detector = PIIDetector(recognizers: [recognizer])
        // The first number has a raising and a lowering cue before it; the second only the lowering
        // one, while 卡号 and 有效 occur in the text outside its windows.
        let findings = try detector.findings(in: "订单卡号12345678。下一句里很远的地方才有订单87654321，早已不有效。")
        #expect(findings.map(\.reason) == ["pattern; cue 卡号; counter-cue 订单", "pattern; counter-cue 订单"])
        #expect(zip(findings.map(\.score), [0.8, 0.5]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(findings.map(\.score))")
    }

    @Test("A match its validator refuses does not hide one that starts inside it")
    func refusedMatchHidesNothing() throws {
        // `Street Chen` is the leftmost match and no pinyin; `Chen Junwang`, which starts inside it,
        // is. Searching on from the refused match's end missed it.
        let recognizer = try PatternRecognizer(id: "pinyin", entityType: .person, pattern: "(?<![A-Za-z])[A-Z][a-z]+ [A-Z][a-z]+(?![A-Za-z])",
                                               validator: .pinyinName, score: 0.6)
        let text = "ship it to Street Chen Junwang, he lost the card"
        let findings = try recognizer.findings(in: NormalizedText(text))
        #expect(findings.map { text.codePoints($0.start..<$0.end) } == ["Chen Junwang"])
        // An accepted match is still searched on from its end: no overlapping findings.
        let twice = try recognizer.findings(in: NormalizedText("Wang Fang Li Na"))
        #expect(twice.map { $0.start..<$0.end } == [0..<9, 10..<15])
    }

    @Test("A cue-only recognizer finds the same codes as a full scan, wherever the cues are")
    func sameAsFullScan() throws {
        let recognizer = try PatternRecognizer(
            id: "sms", entityType: .authSecret, pattern: "(?<![0-9])[0-9]{4,8}(?![0-9])", score: 0.1,
            context: [ContextRule(before: ["验证码", "code"], window: 8, adjustment: 0.8)])
        #expect(recognizer.gates(minimumScore: 0.5) == [["验证码", "code"]])
        let texts = [
            "验证码 123456，订单 20240101 已付款，另一个验证码是:654321",
            "订单 88889999 与 code 4321 无关的 7777",
            "验证码是很长很长很长很长的说明 1234",   // the number is beyond the window
            "Code:9999 code 8888 CODE 7777",
            "验证码" + String(repeating: "，", count: 3) + "1234。验证码\n5678",
        ]
        let windowed = PIIDetector(recognizers: [recognizer])
        for text in texts {
            // The recognizer as built, unresolved, scans the whole text and scores every match.
            let normalized = NormalizedText(text)
            let full = try recognizer.findings(in: normalized).filter { $0.score >= 0.5 }
            let found = try windowed.findings(in: text)
            #expect(found == full, "\(text)")
        }
        #expect(try windowed.findings(in: texts[0]).count == 2)
        #expect(try windowed.findings(in: texts[2]).isEmpty)
        #expect(try windowed.findings(in: texts[3]).count == 3)
    }

    @Test("An anchored pattern is tried only before its anchor words, and finds what a full scan finds")
    func anchoredPattern() throws {
        let pattern = "[\\x{4e00}-\\x{9fa5}]{2,6}?(?:银行|公司)"
        func recognizer(reach: Int?) throws -> PatternRecognizer {
            try PatternRecognizer(id: "org", entityType: .organization, pattern: pattern, score: 0.8,
                                  anchor: reach.map { AnchorSpec(words: ["银行", "公司"], reach: $0) })
        }
        let texts = [
            "我在招商银行办卡，后来去了平安保险公司",
            "公司",
            "abc 建设银行 def 工商银行 ghi",
            "没有机构的句子",
        ]
        let full = PIIDetector(recognizers: [try recognizer(reach: nil)])
        let anchored = PIIDetector(recognizers: [try recognizer(reach: 6)])
        for text in texts {
            #expect(try anchored.findings(in: text) == full.findings(in: text), "\(text)")
        }
        #expect(try anchored.findings(in: texts[2]).count == 2)
        // A reach shorter than the pattern's real reach is a broken promise: the match that starts
        // further back is not found. This is what shows the windows are used at all.
        let tooShort = PIIDetector(recognizers: [try recognizer(reach: 1)])
        #expect(try tooShort.findings(in: "我在招商银行办卡").isEmpty)
        #expect(try anchored.findings(in: "我在招商银行办卡").count == 1)
        #expect(try recognizer(reach: 6).gates(minimumScore: 0.5) == [["银行", "公司"]])
    }

    @Test("A pattern with \\K is searched from the start of the text unless anchored; anchored, it begins only at the anchor's words")
    func resetMatchStart() throws {
        // The match begins at the cue, before the window that starts where the cue ends.
        let recognizer = try PatternRecognizer(
            id: "sms", entityType: .authSecret, pattern: "验证码[是:]?\\K[0-9]{6}(?![0-9])", score: 0.1,
            context: [ContextRule(before: ["验证码"], window: 4, adjustment: 0.8)])
        let found = try PIIDetector(recognizers: [recognizer]).findings(in: "您的验证码是123456，请勿告诉他人")
        #expect(found.map { [$0.start, $0.end] } == [[6, 12]])

        func codes(_ policyText: String, _ text: String) throws -> [[Int]] {
            let policy = try MaskingPolicy.load(sources: [("p.yaml", policyText)])
            return try policy.detector.findings(in: text).map { [$0.start, $0.end] }
        }
        let anchored = """
            recognizers:
              - id: code
                type: AUTH_SECRET
                pattern: '(?:验证码|校验码)[是:]?\\K[0-9]{6}(?![0-9])'
                score: 0.9
                anchor:
                  words: [验证码]
                  reach: 0
            """
        let unanchored = anchored.replacingOccurrences(of: "words: [验证码]", with: "words: [验证码, 校验码]")
        let texts = ["验证码123456", "您的验证码是123456，另一个验证码:654321。", "验证码1234567", "订单123456，验证码是 111111",
                     "验证码是ab验证码222222"]
        for text in texts {
            #expect(try codes(anchored, text) == codes(unanchored, text), "\(text)")
        }
        #expect(try codes(anchored, "您的验证码是123456，另一个验证码:654321。") == [[6, 12], [20, 26]])
        // Matching begins only at the anchor's words: a match through 校验码, which the anchor does
        // not list, is not looked for (the promise an anchor makes is the author's to keep).
        #expect(try codes(anchored, "校验码123456").isEmpty)
        #expect(try codes(unanchored, "校验码123456") == [[3, 9]])
    }

    @Test("Matching anchored in windows starts only at the windows' characters, with \\K (its \\G form) or without")
    func anchoredInWindows() throws {
        let text = Array("ab12 x34 cd56".utf8)
        guard let workspace = MatchWorkspace() else { Issue.record("no match data"); return }
        let plain = try CompiledPattern("[a-z]+[0-9]+", owner: "plain")
        // Windows at "ab" (0...1) and at "x" (5...5): a match may begin at b, but not at c.
        #expect(try plain.matches(in: text, workspace: workspace, startWindows: [0...1, 5...5], anchoredInWindows: true) == [0..<4, 5..<8])
        #expect(try plain.matches(in: text, workspace: workspace, startWindows: [9...9], anchoredInWindows: true) == [9..<13])
        #expect(try plain.matches(in: text, workspace: workspace, startWindows: [4...4], anchoredInWindows: true).isEmpty)
        let reset = try CompiledPattern("[a-z]+\\K[0-9]+", owner: "reset")
        #expect(try reset.matches(in: text, workspace: workspace, startWindows: [0...1, 5...5], anchoredInWindows: true) == [2..<4, 6..<8])
        #expect(try reset.matches(in: text, workspace: workspace, startWindows: [2...3], anchoredInWindows: true).isEmpty)
    }
}

@Suite("Lists after one cue")
struct ListContinuationTests {
    @Test("The next item starts after a list separator, spaces around it allowed; a sentence end or anything else ends the list")
    func separators() {
        func next(_ text: String, after prefix: String) -> String? {
            let bytes = NormalizedText(text).utf8
            return ListContinuation.nextItemStart(after: prefix.utf8.count, in: bytes).map { String(decoding: bytes[$0...], as: UTF8.self) }
        }
        #expect(next("E1、E2", after: "E1") == "E2")
        #expect(next("E1，E2", after: "E1") == "E2")   // the full-width comma is folded
        #expect(next("E1 / E2", after: "E1") == "E2")
        #expect(next("E1和E2", after: "E1") == "E2")
        #expect(next("E1 and E2", after: "E1") == "E2")
        #expect(next("E1 or E2", after: "E1") == "E2")
        #expect(next("E1；E2", after: "E1") == nil)
        #expect(next("E1。E2", after: "E1") == nil)
        #expect(next("E1 E2", after: "E1") == nil)
        #expect(next("E1andE2", after: "E1") == nil)
        #expect(next("E1、", after: "E1") == nil)
    }

    @Test("An item ends at the end of the text, before punctuation, a space or a separator; never inside a word")
    func itemEnds() {
        func ends(_ text: String, after prefix: String) -> Bool {
            ListContinuation.endsItem(at: prefix.utf8.count, in: NormalizedText(text).utf8)
        }
        for text in ["E2", "E2，", "E2、E3", "E2和E3", "E2。", "E2 and", "E2】"] { #expect(ends(text, after: "E2"), "\(text)") }
        for (text, item) in [("1234元", "1234"), ("2024年", "2024"), ("2024-01-01入职", "2024-01-01"), ("E2x", "E2"), ("12345", "1234")] {
            #expect(!ends(text, after: item), "\(text)")
        }
    }
}
