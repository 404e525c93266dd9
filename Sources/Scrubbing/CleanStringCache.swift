import Synchronization

/// Strings a scrubber has already masked and found nothing in. Fine-tuning datasets repeat the same
/// strings record after record (the system prompt, an instruction template, stock answers); a
/// string with no finding masks to itself whatever the session, so a repeat skips the masker.
///
/// Only strings up to ``maxLength`` bytes are kept, at most ``capacity`` of them; when full the set
/// is emptied and refills with what comes next. Held in memory for one job; never written anywhere.
final class CleanStringCache: Sendable {
    private let strings = Mutex(Set<String>())
    let capacity: Int
    let maxLength: Int

    init(capacity: Int = 4096, maxLength: Int = 4096) {
        self.capacity = capacity
        self.maxLength = maxLength
    }

    /// Whether `text` was recorded as having no finding.
    func contains(_ text: String) -> Bool {
        text.utf8.count <= maxLength && strings.withLock { $0.contains(text) }
    }

    /// Records that `text` has no finding.
    func insert(_ text: String) {
        guard text.utf8.count <= maxLength else { return }
        strings.withLock { strings in
            if strings.count >= capacity { strings.removeAll(keepingCapacity: true) }
            strings.insert(text)
        }
    }

    var count: Int { strings.withLock { $0.count } }
}
