import Foundation
import Yams

/// The answer rules configured in `Policies/answers/*.yaml`: banned phrases with their allowed
/// exceptions and whether emoji are banned. Shape and citation rules need no configuration.
///
/// ```yaml
/// banned_phrases:
///   - 哈喽
///   - phrase: 亲
///     except: [亲自, 父亲]
/// ban_emoji: true
/// ```
public struct AnswerPolicy: Sendable {
    public let tone: BannedPhraseRule

    public init(tone: BannedPhraseRule) { self.tone = tone }

    /// Reads every `*.yaml` in `DIR/answers` (or `DIR` itself when it has no `answers` folder).
    /// A policy folder without answer files gives no banned phrases.
    public static func load(directory: String) throws(AnswerPolicyError) -> AnswerPolicy {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        let answers = directory + "/answers"
        let folder = files.fileExists(atPath: answers, isDirectory: &isFolder) && isFolder.boolValue ? answers : directory
        let names = ((try? files.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var phrases: [BannedPhraseRule.Phrase] = []
        var bansEmoji = false
        for name in names {
            let path = folder + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw AnswerPolicyError(path: path, problem: "cannot be read as UTF-8 text")
            }
            let file = try parse(text, path: path)
            phrases += file.phrases
            bansEmoji = bansEmoji || file.bansEmoji
        }
        return AnswerPolicy(tone: BannedPhraseRule(phrases: phrases, bansEmoji: bansEmoji))
    }

    /// Parses one answer-policy file.
    public static func parse(_ text: String, path: String) throws(AnswerPolicyError) -> (phrases: [BannedPhraseRule.Phrase], bansEmoji: Bool) {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw AnswerPolicyError(path: path, problem: "not valid YAML: \(error)")
        }
        guard let document = root as? [String: Any] else {
            throw AnswerPolicyError(path: path, problem: "expected a mapping with banned_phrases and ban_emoji")
        }
        for key in document.keys where !["banned_phrases", "ban_emoji"].contains(key) {
            throw AnswerPolicyError(path: path, problem: "unknown key '\(key)' (known: banned_phrases, ban_emoji)")
        }
        var phrases: [BannedPhraseRule.Phrase] = []
        for (position, item) in ((document["banned_phrases"] as? [Any]) ?? []).enumerated() {
            if let phrase = item as? String, !phrase.isEmpty {
                phrases.append(.init(phrase))
            } else if let entry = item as? [String: Any], let phrase = entry["phrase"] as? String, !phrase.isEmpty {
                let except = (entry["except"] as? [Any] ?? []).compactMap { $0 as? String }
                if let bad = except.first(where: { !$0.contains(phrase) }) {
                    throw AnswerPolicyError(path: path, problem: "banned_phrases[\(position)]: exception '\(bad)' does not contain '\(phrase)'")
                }
                phrases.append(.init(phrase, except: except))
            } else {
                throw AnswerPolicyError(path: path, problem: "banned_phrases[\(position)]: expected a phrase or {phrase, except}")
            }
        }
        if document["banned_phrases"] != nil, document["banned_phrases"] as? [Any] == nil {
            throw AnswerPolicyError(path: path, problem: "banned_phrases must be a list")
        }
        let emoji = document["ban_emoji"]
        if emoji != nil, emoji as? Bool == nil {
            throw AnswerPolicyError(path: path, problem: "ban_emoji must be true or false")
        }
        return (phrases, emoji as? Bool ?? false)
    }

    /// Rules for training samples: shape and tone. Citations need the clauses retrieved for a live
    /// exchange, which a dataset does not have.
    public var sampleChecker: AnswerChecker { AnswerChecker(rules: [SectionShapeRule(), tone]) }

    /// Rules for live answers: shape, citations of retrieved clauses, tone.
    public var exchangeChecker: AnswerChecker { AnswerChecker(rules: [SectionShapeRule(), CitationRule(), tone]) }
}

/// A problem in an answer-policy file.
public struct AnswerPolicyError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public var description: String { "\(path): \(problem)" }
}
