import Foundation
@testable import Masking

/// The policy files shipped in the repository (`Policies/`), loaded once for the masking tests.
enum RepositoryPolicy {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repository.appendingPathComponent("Policies").path

    static func load() throws -> MaskingPolicy { try MaskingPolicy.load(directory: directory) }
    static func masker() throws -> Masker { try load().masker() }
}

extension String {
    /// The code points `range` of this string (findings' offsets are code points).
    func codePoints(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(Array(unicodeScalars)[range]))
    }
}
