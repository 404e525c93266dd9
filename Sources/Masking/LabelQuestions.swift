/// Which label a question asks for: a bot's turn that ends 请问您的姓名？, 请提供身份证号码 or What is
/// your date of birth? asks for a value the user's next message may be alone (钱立群), with no cue
/// word of its own. Built from the labels ``LabelledValueRecognizer``s read.
struct LabelQuestions: Sendable {
    /// The labels as the policy writes them and as folded bytes, by the folded label's last byte (256
    /// lists): a sentence is searched from its end for the last label in it.
    private let labelWordsByLastByte: [[(written: String, folded: [UInt8])]]
    private let isEmpty: Bool

    init(labels: [String]) {
        var byLastByte = [[(written: String, folded: [UInt8])]](repeating: [], count: 256)
        for label in labels {
            let folded = ContextRule.foldedBytes(label)
            if let last = folded.last { byLastByte[Int(last)].append((label, folded)) }
        }
        labelWordsByLastByte = byLastByte
        isEmpty = labels.isEmpty
    }

    /// The label `text` asks for: the one ending last in its last sentence (the longest of those
    /// ending there), with little but a particle or punctuation after it; none when that sentence
    /// warns (请勿泄露验证码) or the label is followed by a value (手机13812345678).
    func requestedLabel(in text: String) -> String? {
        guard !isEmpty else { return nil }
        // The last 144 bytes (48 Chinese characters), from a character's start, ASCII lower-cased:
        // no fold (a bot writes labels plainly), so that asking costs no preparation of the text.
        var bytes = Array(text.utf8.suffix(144))
        if let first = bytes.firstIndex(where: { $0 & 0xC0 != 0x80 }) { bytes.removeFirst(first) }
        for index in bytes.indices { bytes[index] = ContextRule.lowercased(bytes[index]) }
        // The end of the last sentence, without its final punctuation and spaces.
        var end = bytes.count
        while end > 0, let length = LabelQuestions.sentenceEnd(before: end, in: bytes) ?? (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A ? 1 : nil) {
            end -= length
        }
        // The label ends its sentence, a particle or a word or two aside (请问您的姓名是？, your full
        // name, please?): only ends within the last 16 bytes are looked at.
        guard let (label, labelStart, labelEnd) = lastLabel(in: bytes, endingFrom: max(0, end - 16), to: end),
              !bytes[labelEnd..<end].contains(where: { $0 &- 0x30 < 10 }) else { return nil }
        // A value after it (手机13812345678) gives it, not asks; a warning names it without asking
        // for it (请勿向任何人泄露验证码).
        var start = labelStart
        while start > 0 && LabelQuestions.sentenceEnd(before: start, in: bytes) == nil { start -= 1 }
        return LabelQuestions.warnings.contains(where: { LabelledValue.contains($0, in: bytes[start..<end]) }) ? nil : label
    }

    /// The label ending last at an end in `earliest...latest` of `bytes` (the longest of those ending
    /// there), with where it starts and ends.
    private func lastLabel(in bytes: [UInt8], endingFrom earliest: Int, to latest: Int) -> (String, Int, Int)? {
        bytes.withUnsafeBufferPointer { buffer -> (String, Int, Int)? in
            var end = latest
            while end > earliest {
                var found: (written: String, length: Int)?
                for (written, word) in labelWordsByLastByte[Int(buffer[end - 1])] where word.count <= end && word.count > (found?.length ?? 0) {
                    let start = end - word.count
                    if buffer[start..<end].elementsEqual(word), ContextRule.isWord(word, at: start, in: buffer) {
                        found = (written, word.count)
                    }
                }
                if let found { return (found.written, end - found.length, end) }
                end -= 1
            }
            return nil
        }
    }

    /// The length of the sentence end (。！？；.!?;) ending at byte `end`, if one does.
    static func sentenceEnd(before end: Int, in bytes: [UInt8]) -> Int? {
        let last = bytes[end - 1]
        if [0x2E, 0x21, 0x3F, 0x3B].contains(last) { return 1 }
        // 。 E3 80 82, ！ EF BC 81, ？ EF BC 9F, ； EF BC 9B
        guard end >= 3 else { return nil }
        let three = (bytes[end - 3], bytes[end - 2], last)
        if three == (0xE3, 0x80, 0x82) || (three.0 == 0xEF && three.1 == 0xBC && [0x81, 0x9F, 0x9B].contains(three.2)) { return 3 }
        return nil
    }

    /// Words of a sentence that names a value to warn about it, not to ask for it.
    static let warnings: [[UInt8]] = ["请勿", "不要", "切勿", "不得", "谨防", "do not", "don't", "never", "beware"].map { Array($0.utf8) }
}
