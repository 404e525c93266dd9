/// What a text must have for a recognizer to find anything in it: a byte a match can start with, a
/// byte every match contains, a minimum length. Checked against the set of bytes a text holds
/// (``NormalizedText/presentBytes``), it rules a recognizer out without calling it.
public struct TextFilter: Sendable {
    /// Bytes a match can start with; nil when it can start with any.
    public var startBytes: ByteSet?
    /// Bytes of which every match contains one; nil when none is known.
    public var requiredBytes: ByteSet?
    /// The shortest text, in bytes, that can hold a match.
    public var minimumLength: Int

    /// A filter that admits every text.
    public static let none = TextFilter(startBytes: nil, requiredBytes: nil, minimumLength: 0)

    public init(startBytes: ByteSet?, requiredBytes: ByteSet?, minimumLength: Int) {
        self.startBytes = startBytes
        self.requiredBytes = requiredBytes
        self.minimumLength = minimumLength
    }

    /// False when `text` cannot hold a match; true means "try it".
    @inline(__always) public func admits(_ text: NormalizedText) -> Bool {
        if text.utf8.count < minimumLength { return false }
        if let startBytes, !startBytes.intersects(text.presentBytes) { return false }
        if let requiredBytes, !requiredBytes.intersects(text.presentBytes) { return false }
        return true
    }
}
