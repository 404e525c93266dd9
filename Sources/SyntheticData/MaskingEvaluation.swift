import Masking

/// Precision and recall of a detector against labelled messages, per entity type, counting a
/// finding as correct only when its type and code-point span equal a label's exactly.
public struct MaskingEvaluation: Sendable {
    public struct Counts: Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        public var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
    }

    public private(set) var byType: [String: Counts] = [:]
    /// Up to a few wrong findings and missed labels per type, for diagnosing a drop.
    public private(set) var examples: [String: [String]] = [:]

    public init(messages: [LabelledMessage], detector: PIIDetector) throws(MaskingError) {
        for message in messages {
            let found = try detector.findings(in: message.text).map { LabelledMessage.Span(type: $0.type.rawValue, start: $0.start, end: $0.end) }
            let gold = Set(message.spans)
            let predicted = Set(found)
            for span in predicted.intersection(gold) { byType[span.type, default: Counts()].truePositives += 1 }
            for span in predicted.subtracting(gold) {
                byType[span.type, default: Counts()].falsePositives += 1
                note(span, in: message, kind: "wrong")
            }
            for span in gold.subtracting(predicted) {
                byType[span.type, default: Counts()].falseNegatives += 1
                note(span, in: message, kind: "missed")
            }
        }
    }

    private mutating func note(_ span: LabelledMessage.Span, in message: LabelledMessage, kind: String) {
        guard examples[span.type, default: []].count < 5 else { return }
        let scalars = Array(message.text.unicodeScalars)
        let value = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
        examples[span.type, default: []].append("\(kind) \"\(value)\" in: \(message.text)")
    }

    /// A fixed-width table: type, labels, precision, recall.
    public var table: String {
        var lines = ["type           labels  precision  recall"]
        for type in EntityType.all.map(\.rawValue) {
            guard let counts = byType[type] else { continue }
            let labels = counts.truePositives + counts.falseNegatives
            lines.append(type.padding(toLength: 14, withPad: " ", startingAt: 0) + " "
                         + String(labels).leftPadded(6) + "  " + format(counts.precision).leftPadded(9) + "  " + format(counts.recall).leftPadded(6))
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        return "\(thousandths / 1000)." + String(String(thousandths % 1000).leftPadded(3).map { $0 == " " ? "0" : $0 })
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
