import AnswerChecks
import Masking

/// Checks an answer while it streams and decides what may be sent.
///
/// 【政策依据】 is held back until 【简明解释】 begins and the basis passes every rule (shape so far,
/// citations of retrieved clauses, tone). From then on text is sent as it comes, except a tail of
/// ``holdBack`` characters, so a banned phrase or a personal value split across chunks is seen
/// whole before any of it leaves; a value still being recognised at the cut holds the cut before it.
/// What is sent is always the masked text (masked with the exchange's session, so the user's
/// `<PHONE_1>` stays `<PHONE_1>`).
struct AnswerStreamGuard {
    enum Step: Equatable {
        case hold
        case emit(String)
        /// `afterSending`: whether part of the answer already went out (the stream must then end
        /// with an error; before that, the route's violation action can still answer cleanly).
        case violation([Violation], afterSending: Bool)
    }

    let checker: AnswerChecker
    let context: AnswerContext
    let masker: Masker
    let session: MaskingSession
    let holdBack: Int
    /// Longest 【政策依据】 accepted before 【简明解释】 must have begun.
    static let maximumBasisCharacters = 8_000

    private(set) var raw = ""
    /// The masked text sent so far.
    private(set) var sent = ""
    private var basisCleared = false
    private var scalarCount = 0
    private var maskedUpTo = 0

    init(checker: AnswerChecker, context: AnswerContext, masker: Masker, session: MaskingSession, holdBack: Int) {
        self.checker = checker
        self.context = context
        self.masker = masker
        self.session = session
        self.holdBack = holdBack
    }

    mutating func feed(_ piece: String) -> Step {
        raw += piece
        scalarCount += piece.unicodeScalars.count
        if !basisCleared {
            let start = raw.drop { $0.isWhitespace }
            let marker = AnswerSections.basisMarker
            if !(start.hasPrefix(marker) || marker.hasPrefix(start)) {
                return .violation([Violation(rule: "shape", detail: "text before \(marker): the answer must start with it")], afterSending: false)
            }
            guard raw.contains(AnswerSections.explanationMarker) else {
                if raw.count > AnswerStreamGuard.maximumBasisCharacters {
                    return .violation([Violation(rule: "shape", detail: "\(marker) longer than \(AnswerStreamGuard.maximumBasisCharacters) characters without \(AnswerSections.explanationMarker)")], afterSending: false)
                }
                return .hold
            }
            var sections = AnswerSections(parsing: raw)
            sections.explanation = "…"   // not written yet: judge the basis alone
            let violations = checker.rules.flatMap { $0.violations(in: sections, context: context) }
            if !violations.isEmpty { return .violation(violations, afterSending: false) }
            basisCleared = true
        }
        if let tone = checker.rules.compactMap({ $0 as? BannedPhraseRule }).first, let match = tone.matches(in: raw).first {
            return .violation([Violation(rule: tone.id, detail: "banned phrase \(match.what)")], afterSending: !sent.isEmpty)
        }
        let cut = scalarCount - holdBack
        guard cut - maskedUpTo >= 16 || (sent.isEmpty && cut > 0) else { return .hold }
        return emit(upTo: cut)
    }

    /// The whole answer is in: the full check, then the rest of the masked text.
    mutating func finish() -> Step {
        let verdict = checker.check(raw, context: context)
        if verdict.outcome != .pass { return .violation(verdict.violations, afterSending: !sent.isEmpty) }
        return emit(upTo: scalarCount)
    }

    private mutating func emit(upTo requested: Int) -> Step {
        var cut = requested
        var copy = session
        do {
            if cut < scalarCount {
                // Never cut through a value that is being recognised.
                let findings = try masker.detector.findings(in: raw)
                if let spanning = findings.first(where: { $0.start < cut && $0.end > cut }) { cut = spanning.start }
            }
            guard cut > maskedUpTo else { return .hold }
            let prefix = String(String.UnicodeScalarView(raw.unicodeScalars.prefix(cut)))
            let masked = try masker.mask(prefix, session: &copy).masked
            guard masked.hasPrefix(sent) else {
                return .violation([Violation(rule: "pii", detail: "a part of the answer already sent was recognised as personal information only later")], afterSending: true)
            }
            let delta = String(masked.dropFirst(sent.count))
            sent = masked
            maskedUpTo = cut
            return delta.isEmpty ? .hold : .emit(delta)
        } catch {
            return .violation([Violation(rule: "pii", detail: "the answer could not be masked: \(error)")], afterSending: !sent.isEmpty)
        }
    }
}
