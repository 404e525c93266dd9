import AnswerChecks
import Crypto
import Foundation
import JSONCore
import Masking
import Scrubbing

/// The repository's policies and helpers shared by the scrubbing tests.
enum ScrubFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policyDirectory = repository.appendingPathComponent("Policies").path
    static let policy: MaskingPolicy = try! MaskingPolicy.load(directory: policyDirectory)
    static let answers: AnswerPolicy = try! AnswerPolicy.load(directory: policyDirectory)

    static func scrubber(_ layout: DatasetLayout, checkAnswers: Bool = false, pseudonymKey: SymmetricKey? = nil) throws -> RecordScrubber {
        let masker = try RecordScrubber.masker(policy: policy, pseudonymize: pseudonymKey != nil, pseudonymKey: pseudonymKey)
        return RecordScrubber(masker: masker, layout: layout, answerChecker: checkAnswers ? answers.sampleChecker : nil)
    }

    /// The record with every string value replaced by `"S"`: equal skeletons mean the scrubber
    /// changed nothing but strings (keys, order, spacing, numbers, literals all byte for byte).
    static func skeleton(_ record: Data) throws -> String {
        let root = try JSONParser.parse(record)
        var ranges: [Range<Int>] = []
        func walk(_ node: JSONNode) {
            switch node.kind {
            case .string: ranges.append(node.range)
            case let .object(members): members.forEach { walk($0.value) }
            case let .array(elements): elements.forEach(walk)
            default: break
            }
        }
        walk(root)
        var bytes = Array(record)
        for range in ranges.reversed() { bytes.replaceSubrange(range, with: Array("\"S\"".utf8)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-scrub-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension RecordOutcome {
    var text: String? {
        switch self {
        case let .scrubbed(data, _), let .quarantined(data, _, _): String(decoding: data, as: UTF8.self)
        case .rejected: nil
        }
    }

    var reasons: [String] {
        if case let .quarantined(_, _, reasons) = self { return reasons }
        return []
    }

    var rejection: String? {
        if case let .rejected(error) = self { return error }
        return nil
    }
}
