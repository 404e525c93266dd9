import Testing
@testable import Masking
import SyntheticData

@Suite("Text filters from PCRE2's study of a pattern")
struct TextFilterTests {
    @Test("A letter PCRE2 reports as first or required is admitted in either case")
    func lettersInEitherCase() throws {
        // PCRE2 reports `Q` for both and keeps to itself that it is caseless.
        for (pattern, text) in [("(?:QQ|qq)mail", "qqmail"), ("(?i)qq[0-9]", "QQ1"), ("[0-9]+(?:KG|kg)", "12kg"), ("x(?i:y)", "xY")] {
            let compiled = try CompiledPattern(pattern, owner: "test")
            let normalized = NormalizedText(text)
            #expect(try !compiled.matches(in: normalized.utf8).isEmpty, "\(pattern) matches \(text)")
            #expect(compiled.filter.admits(normalized), "\(pattern) admits \(text)")
        }
        // The filter still rules texts out.
        #expect(try !CompiledPattern("(?:QQ|qq)mail", owner: "test").filter.admits(NormalizedText("no mail here")))
    }

    @Test("No shipped pattern's filter turns away a text the pattern matches, in the corpus, the held-out set or their lower and upper case")
    func filtersNeverHideAMatch() throws {
        let policy = try RepositoryPolicy.load()
        let patterns = policy.detector.recognizers.compactMap { ($0 as? PatternRecognizer)?.pattern }
        let sources = try HeldOutCorpusTests.records().map(\.text) + PIICorpus.generate(count: 2000).map(\.text)
        let texts = (sources + sources.map { $0.lowercased() } + sources.map { $0.uppercased() }).map { NormalizedText($0) }
        guard let workspace = MatchWorkspace() else { Issue.record("no match data"); return }
        for pattern in patterns {
            for text in texts where !pattern.filter.admits(text) {
                #expect(try pattern.matches(in: text.utf8, workspace: workspace).isEmpty,
                        "\(pattern.owner)'s filter turned away \(String(decoding: text.utf8, as: UTF8.self))")
            }
        }
    }
}
