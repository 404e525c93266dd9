import Foundation
import Testing
@testable import Masking

@Suite("Policy files")
struct PolicyTests {
    /// A minimal valid file, to which each test adds one problem.
    static let valid = """
        recognizers:
          - id: mobile
            type: PHONE
            pattern: '1[3-9][0-9]{9}'
            score: 0.9
        """

    func errors(_ text: String, file: String = "Policies/pii/test.yaml") -> [PolicyError] {
        do {
            _ = try MaskingPolicy.load(sources: [(file, text)])
            return []
        } catch {
            return error.errors
        }
    }

    @Test("The shipped policy loads, and every example in Policies/tests/pii-examples.yaml passes")
    func shippedPolicyPassesItsExamples() throws {
        let policy = try RepositoryPolicy.load()
        #expect(policy.recognizers.count >= 30)
        let examples = try PolicyExamples(path: RepositoryPolicy.repository.appendingPathComponent("Policies/tests/pii-examples.yaml").path)
        #expect(examples.examples.count >= 60)
        let mismatches = try examples.run(with: policy.detector)
        #expect(mismatches.isEmpty, "\(mismatches.map(\.description).joined(separator: "\n"))")
        // Every entity type has at least one recognizer.
        let covered = Set(policy.recognizers.map(\.type))
        #expect(covered == Set(EntityType.all.map(\.rawValue)))
    }

    @Test("Every pattern of the shipped policy runs JIT-compiled (the interpreter would give the same answers, slower)")
    func shippedPatternsAreJITCompiled() throws {
        let patterns = try RepositoryPolicy.load().detector.recognizers.compactMap { ($0 as? PatternRecognizer)?.pattern }
        #expect(patterns.count >= 30)
        for pattern in patterns { #expect(pattern.isJITCompiled, "\(pattern.owner)") }
    }

    @Test("A replica has the same rules and digest, finds the same things, and shares no recognizer object")
    func replica() throws {
        let policy = try RepositoryPolicy.load()
        let copy = policy.replica()
        #expect(copy.digest == policy.digest)
        #expect(copy.recognizers.map(\.id) == policy.recognizers.map(\.id))
        for (original, replica) in zip(policy.detector.recognizers, copy.detector.recognizers) {
            #expect(original.id == replica.id)
            let shared = ObjectIdentifier(original as AnyObject) == ObjectIdentifier(replica as AnyObject)
            #expect(!shared, "\(original.id) is shared")
        }
        let text = "我叫张伟，手机13812345678，身份证号11010519491231002X，邮箱zhang.wei@example.com。"
        let masked = try policy.masker().mask(text)
        #expect(try copy.masker().mask(text).masked == masked.masked)
        #expect(masked.findings.count >= 4)
    }

    @Test("The digest is stable for the same rules and changes when a rule changes")
    func digest() throws {
        let first = try MaskingPolicy.load(sources: [("a.yaml", Self.valid)])
        let again = try MaskingPolicy.load(sources: [("b.yaml", Self.valid + "\n")])
        let changed = try MaskingPolicy.load(sources: [("a.yaml", Self.valid.replacingOccurrences(of: "0.9", with: "0.8"))])
        #expect(first.digest == again.digest)
        #expect(first.digest != changed.digest)
        #expect(first.digest.hasPrefix("sha256:") && first.digest.count == 7 + 64)
    }

    @Test("A naming, label or title cue missing from cues_before is an error naming the word and its line")
    func namingCueNotACue() throws {
        func names(naming: String, label: String, title: String = "Mr.") -> String {
            """
            recognizers:
              - id: names
                type: PERSON
                kind: chinese_name
                score: 0.35
                lexicon:
                  surnames: 王李
                  ambiguous_surnames: 钱
                  compound_surnames: [欧阳]
                  given_name_characters: 伟芳
                  non_name_characters: 的了
                  cues_before: [我叫, 负责人, Mr.]
                  cues_after: [先生]
                  stop_words: [王府井]
                  enumeration_separators: 、
                  naming_cues: [\(naming)]
                  label_cues: [\(label)]
                  title_cues: [\(title)]
            """
        }
        #expect(errors(names(naming: "我叫", label: "负责人")).isEmpty)
        let naming = errors(names(naming: "我是", label: "负责人"))
        #expect(naming.first?.line == 16)
        #expect(naming.first?.message.contains("naming_cues word \"我是\" is not in cues_before") == true, "\(naming)")
        let label = errors(names(naming: "我叫", label: "监护人"))
        #expect(label.first?.line == 17)
        #expect(label.first?.message.contains("label_cues word \"监护人\"") == true, "\(label)")
        let title = errors(names(naming: "我叫", label: "负责人", title: "Dr."))
        #expect(title.first?.line == 18)
        #expect(title.first?.message.contains("title_cues word \"Dr.\"") == true, "\(title)")
    }

    @Test("A pattern that does not compile is reported with file, line and the recognizer")
    func badRegex() {
        let found = errors(Self.valid.replacingOccurrences(of: "'1[3-9][0-9]{9}'", with: "'1[3-9'"))
        let error = found.first
        #expect(error?.file == "Policies/pii/test.yaml")
        #expect(error?.line == 4)
        #expect(error?.message.contains("recognizer mobile") == true)
        #expect(error?.description.hasPrefix("Policies/pii/test.yaml:4:") == true)
    }

    @Test("Unknown validator, type, key and operator are each named with their line", arguments: [
        ("    validator: luhnn\n", 6, "unknown validator luhnn"),
        ("    contxt: []\n", 6, "unknown key contxt"),
        ("    anchor:\n      words: [公司]\n      reech: 3\n", 8, "unknown key reech in anchor"),
        ("    anchor:\n      words: []\n      reach: 3\n", 7, "anchor needs at least one word"),
        ("    anchor:\n      words: [a]\n      reach: 3\n", 7, "anchor word \"a\" is too short"),
        ("    context:\n      - before: [手机, order number]\n        window: 6\n        adjustment: -0.5\n", 7,
         "cue word \"order number\" has 12 characters but its rule's window is 6, so it can never count"),
    ])
    func unknownNames(addition: String, line: Int, message: String) {
        let found = errors(Self.valid + "\n" + addition)
        #expect(found.count == 1)
        #expect(found.first?.line == line)
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test("An unknown entity type is refused and the known ones are listed")
    func unknownType() {
        let found = errors(Self.valid.replacingOccurrences(of: "type: PHONE", with: "type: TELEPHONE"))
        #expect(found.first?.line == 3)
        #expect(found.first?.message.contains("unknown entity type TELEPHONE") == true)
        #expect(found.first?.message.contains("CN_ID") == true)
    }

    @Test("Every problem in a folder is listed, not just the first")
    func allProblems() {
        let text = Self.valid + """

              - id: second
                type: NOPE
                pattern: 'x'
                score: 2
            operators:
              AUTH_SECRET: { operator: vault }
              PHONE: { operator: shred }
            """
        let found = errors(text)
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.message.contains("AUTH_SECRET is authentication data") })
        #expect(found.contains { $0.message.contains("unknown operator shred") })
    }

    @Test("Duplicate recognizer ids across files name both files")
    func duplicateIDs() {
        do {
            _ = try MaskingPolicy.load(sources: [("one.yaml", Self.valid), ("two.yaml", Self.valid)])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.file == "two.yaml")
            #expect(error.errors.first?.message.contains("already used in one.yaml") == true)
        }
    }

    @Test("YAML syntax errors carry the parser's line")
    func syntaxError() {
        let found = errors("recognizers:\n  - id: x\n    type: [unclosed\n")
        #expect(found.first?.line ?? 0 >= 3)
        #expect(found.first?.message.contains("YAML syntax") == true)
    }

    @Test("Wrong value types are located by their path")
    func typeMismatch() {
        let found = errors(Self.valid.replacingOccurrences(of: "score: 0.9", with: "score: high"))
        #expect(found.first?.line == 5)
        #expect(found.first?.message.contains("recognizers[0].score") == true, "\(found)")
    }

    @Test("A missing folder is a clear error")
    func missingFolder() {
        #expect(throws: PolicyErrors.self) { try MaskingPolicy.load(directory: "/nonexistent/policies") }
    }

    @Test("Context words raise a below-threshold score over the minimum, counter-cues lower it")
    func contextScores() throws {
        let masker = try RepositoryPolicy.masker()
        #expect(try masker.mask("旧身份证号110105491231002").findings.first?.reason.contains("身份证") == true)
        #expect(try masker.mask("号码110105491231002").findings.isEmpty)
        #expect(try masker.mask("订单号6222020200001234562").findings.isEmpty)
        #expect(try masker.mask("卡号6222020200001234562").findings.count == 1)
    }

    @Test("An allow-listed value is dropped for its type only")
    func allowList() throws {
        let masker = try RepositoryPolicy.masker()
        #expect(try masker.mask("热线 400-820-5555").findings.isEmpty)
        #expect(try masker.mask("call 415-820-5555").findings.map(\.type) == [.phone])
    }

    @Test("Allow-list patterns joined into one alternation allow exactly what each allows alone")
    func allowListPatternsJoined() throws {
        let patterns = ["95[0-9]{3,4}", "400[0-9]{7}", "(?i)test[0-9]"]
        let joined = try AllowList.entry(type: .phone, values: ["110"], patterns: patterns, owner: "t")
        #expect(joined.patterns.count == 1)
        let list = AllowList(entries: [joined])
        for value in ["95588", "955998", "4008205555", "110", "TEST1"] {
            #expect(try list.allows(value, type: .phone), "\(value) should be allowed")
        }
        // Anchored to the whole value, for every alternative; and for the entry's type only.
        for value in ["955", "95588123", "14008205555", "4008205555 1", "test"] {
            #expect(try !list.allows(value, type: .phone), "\(value) should not be allowed")
        }
        #expect(try !list.allows("95588", type: .bankCard))
        // A back-reference would point at another pattern's group once joined: kept apart.
        let apart = try AllowList.entry(type: .phone, values: [], patterns: ["([0-9])\\1{4}", "95[0-9]{3}"], owner: "t")
        #expect(apart.patterns.count == 2)
        #expect(try AllowList(entries: [apart]).allows("77777", type: .phone))
        #expect(try !AllowList(entries: [apart]).allows("77778", type: .phone))
    }

    @Test("Written patterns see the value as written, separators kept; patterns see the canonical value")
    func allowListWrittenPatterns() throws {
        let entry = try AllowList.entry(type: .phone, values: [], patterns: [], writtenPatterns: ["1-800-[0-9]{3}-[0-9]{4}"], owner: "t")
        let list = AllowList(entries: [entry])
        #expect(try list.allows("1-800-555-0199", type: .phone))
        #expect(try !list.allows("18005550199", type: .phone))
        #expect(try !list.allows("180 0555 0199", type: .phone))
        #expect(try !list.allows("1-800-555-01991", type: .phone))
        let masker = try RepositoryPolicy.masker()
        #expect(try masker.mask("Cardholder Services: 1-800-432-1000, or 1 (800) 555-0199").findings.isEmpty)
        #expect(try masker.mask("手机18005550199").findings.map(\.type) == [.phone])
    }

    @Test("No allow-list pattern lets a mainland mobile number through, however it is written")
    func allowListNeverAllowsMobiles() throws {
        let policy = try RepositoryPolicy.load()
        let allowList = policy.detector.allowList
        var generator = SystemRandomNumberGenerator()
        let prefixes = (130...199).map(String.init)
        for _ in 0..<5_000 {
            let prefix = prefixes.randomElement(using: &generator)!
            let rest = String((0..<8).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let number = prefix + rest
            let dashed = "\(number.prefix(3))-\(number.dropFirst(3).prefix(4))-\(number.suffix(4))"
            let spaced = dashed.replacingOccurrences(of: "-", with: " ")
            let dotted = dashed.replacingOccurrences(of: "-", with: ".")
            for written in [number, dashed, spaced, dotted, "+86 " + number, "+86" + number] {
                #expect(try !allowList.allows(written, type: .phone), "\(written) is allowed")
            }
        }
    }
}
