import Testing
@testable import Masking
import SyntheticData

@Suite("Word lists matched by first letter")
struct LiteralAlternationTests {
    @Test("Long word groups are grouped by first letter in their order; anything else is left as written")
    func rewriting() {
        let names = "(?:James|John|Robert|Jack|Rose|Amy|Al|Alan|Bo)"
        #expect(LiteralAlternation.factored("x" + names + " [A-Z]") == "x(?:J(?:ames|ohn|ack)|R(?:obert|ose)|A(?:my|l|lan)|Bo) [A-Z]")
        // Too short, not only letters, an empty word, escaped, or caseless: unchanged.
        for pattern in ["(?:James|John)", "(?:Ja-mes|John|Robert|Jack|Rose|Amy|Al|Alan|Bo)",
                        "(?:James||John|Robert|Jack|Rose|Amy|Al|Alan|Bo)", "\\(?:James|John|Robert|Jack|Rose|Amy|Al|Alan|Bo)",
                        "(?i)" + names, "(?i:x)" + names] {
            #expect(LiteralAlternation.factored(pattern) == pattern, "\(pattern)")
        }
    }

    @Test("Every shipped pattern finds exactly what it finds as written, on the corpus and the held-out texts")
    func shippedPatternsMatchAsWritten() throws {
        let policy = try RepositoryPolicy.load()
        let patterns = policy.detector.recognizers.compactMap { ($0 as? PatternRecognizer)?.pattern }
        let rewritten = patterns.filter { LiteralAlternation.factored($0.source) != $0.source }
        #expect(rewritten.count >= 3)
        let sources = try HeldOutCorpusTests.records().map(\.text) + PIICorpus.generate(count: 3000).map(\.text)
        let texts = sources.map { NormalizedText($0).utf8 }
        guard let workspace = MatchWorkspace() else { Issue.record("no match data"); return }
        for pattern in rewritten {
            let written = try CompiledPattern(pattern.source, owner: pattern.owner, factoringWords: false)
            for text in texts {
                #expect(try pattern.matches(in: text, workspace: workspace) == written.matches(in: text, workspace: workspace),
                        "\(pattern.owner): \(String(decoding: text, as: UTF8.self))")
            }
        }
    }
}
