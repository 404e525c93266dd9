import Synchronization

/// Strings a scrubber has already masked and found nothing in. Fine-tuning datasets repeat the same
/// strings record after record (the system prompt, an instruction template, stock answers); a
/// string with no finding masks to itself whatever the session, so a repeat skips the masker.
///
/// Only strings up to ``maxLength`` bytes are kept, at most ``capacity`` of them; when full the set
/// is emptied and refills with what comes next. Held in memory for one job; never written anywhere.
final class CleanStringCache: Sendable {
    private let strings = Mutex(Set<ExactText>())
    let capacity: Int
    let maxLength: Int

    init(capacity: Int = 4096, maxLength: Int = 4096) {
        self.capacity = capacity
        self.maxLength = maxLength
    }

    /// Whether `text` was recorded as having no finding.
    func contains(_ text: String) -> Bool {
        text.utf8.count <= maxLength && strings.withLock { $0.contains(ExactText(text)) }
    }

    /// Records that `text` has no finding.
    func insert(_ text: String) {
        guard text.utf8.count <= maxLength else { return }
        strings.withLock { strings in
            if strings.count >= capacity { strings.removeAll(keepingCapacity: true) }
            strings.insert(ExactText(text))
        }
    }

    var count: Int { strings.withLock { $0.count } }
}

/// A string compared and hashed by its UTF-8 bytes. `String`'s own hashing and equality normalise
/// non-ASCII text to NFC first, which cost more than the set lookup it served; for "this exact
/// text was clean", byte equality is the right question anyway.
struct ExactText: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        if let hashed: Void = text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) {
            return hashed
        }
        for byte in text.utf8 { hasher.combine(byte) }
    }
}
