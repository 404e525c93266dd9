import Testing
@testable import Masking

@Suite("Why a value was masked or not (policy explain)")
struct FindingExplanationTests {
    @Test("Kept findings, matches below min_score, allow-listed values and covered matches each say so")
    func outcomes() throws {
        let detector = try RepositoryPolicy.load().detector
        let text = "我的电话是13812345678，请致电400-820-8820，金额1000元"
        let explanations = try detector.explanations(of: text)
        func outcomes(of value: String) -> [String: FindingExplanation.Outcome] {
            Dictionary(explanations.filter { text.codePoints($0.finding.start..<$0.finding.end) == value }
                .map { ($0.finding.recognizer, $0.outcome) }, uniquingKeysWith: { first, _ in first })
        }
        let mobile = outcomes(of: "13812345678")
        #expect(mobile["cn_mobile"] == .kept)
        let kept = try #require(try detector.findings(in: text).first { $0.recognizer == "cn_mobile" })
        #expect(mobile["nanp_phone_by_cue"] == .overlapped(by: kept))
        #expect(mobile["bank_account_by_cue"] == .belowMinimumScore(detector.minimumScore))
        #expect(outcomes(of: "400-820-8820")["nanp_phone"] == .allowListed)
        #expect(outcomes(of: "1000").values.allSatisfy { $0 == .belowMinimumScore(detector.minimumScore) })
        // Exactly the findings masking keeps are the kept ones.
        #expect(Set(explanations.filter { $0.outcome == .kept }.map(\.finding)) == Set(try detector.findings(in: text)))
        #expect(explanations.map(\.finding.start) == explanations.map(\.finding.start).sorted())
    }

    @Test("A field's name labels the text as it does when masking")
    func fieldLabel() throws {
        let detector = try RepositoryPolicy.load().detector
        let explanations = try detector.explanations(of: "88886666", fieldLabel: "phone")
        #expect(explanations.contains { $0.finding.recognizer == "phone_by_label" && $0.outcome == .kept })
        #expect(try detector.explanations(of: "88886666").allSatisfy { $0.outcome != .kept })
    }

    @Test("Outcomes read as the CLI prints them")
    func descriptions() {
        let finding = Finding(type: .residentID, start: 5, end: 23, score: 0.95, recognizer: "cn_id_18", reason: "checksum")
        #expect(FindingExplanation(finding: finding, outcome: .kept).outcomeDescription == "kept")
        #expect(FindingExplanation(finding: finding, outcome: .belowMinimumScore(0.5)).outcomeDescription == "below min_score 0.50")
        #expect(FindingExplanation(finding: finding, outcome: .allowListed).outcomeDescription == "allow-listed")
        #expect(FindingExplanation(finding: finding, outcome: .overlapped(by: finding)).outcomeDescription == "covered by cn_id_18 [5, 23)")
        #expect(FindingExplanation(finding: finding, outcome: .notTried).outcomeDescription == "not tried there")
    }
}
