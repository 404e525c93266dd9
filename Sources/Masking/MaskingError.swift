/// Errors from the masking engine. Each says what failed and what to do about it.
public enum MaskingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A pattern did not compile. `offset` is the byte offset in the pattern where PCRE2 stopped.
    case invalidPattern(recognizer: String, message: String, offset: Int)
    /// PCRE2 gave up on a subject (match, depth or heap limit). The text is refused, never passed on unmasked.
    case matchLimitExceeded(recognizer: String, code: Int32)
    /// PCRE2 reported an unexpected error while matching.
    case matchFailed(recognizer: String, message: String)
    /// The input is larger than the engine accepts in one call.
    case inputTooLarge(bytes: Int, limit: Int)
    /// A policy asks for keyed pseudonyms but no key was given.
    case missingPseudonymKey(type: EntityType)

    public var description: String {
        switch self {
        case let .invalidPattern(recognizer, message, offset):
            return "recognizer \(recognizer): pattern does not compile at byte \(offset): \(message); fix the pattern"
        case let .matchLimitExceeded(recognizer, code):
            return "recognizer \(recognizer): PCRE2 resource limit hit (code \(code)); the text was refused rather than passed on unmasked — split it into smaller parts"
        case let .matchFailed(recognizer, message):
            return "recognizer \(recognizer): PCRE2 match failed: \(message)"
        case let .inputTooLarge(bytes, limit):
            return "input of \(bytes) bytes exceeds the masking limit of \(limit) bytes; send it in smaller parts"
        case let .missingPseudonymKey(type):
            return "the policy masks \(type) with the hmac operator but no pseudonym key was given; set HEGUI_PSEUDONYM_KEY or --pseudonym-key-file"
        }
    }
}
