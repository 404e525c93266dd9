import Foundation

/// A C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's origin, its size and its
/// RFC 6962 root hash, one per line, signed as a note.
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int
    public var rootHash: Data
    /// Optional extension lines after the root hash.
    public var extensions: [String] = []

    public init(origin: String, size: Int, rootHash: Data, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// The note text: `origin\nsize\nbase64(root)\n` plus extension lines.
    public var text: String {
        ([origin, String(size), rootHash.base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses checkpoint text (the body of a signed note).
    public init(text: String) throws(NoteError) {
        guard text.hasSuffix("\n") else { throw .malformed("checkpoint text must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { throw .malformed("a checkpoint has an origin, a size and a root hash line") }
        guard !lines[0].isEmpty else { throw .malformed("empty origin line") }
        guard let size = Int(lines[1]), size >= 0, String(size) == lines[1] else {
            throw .malformed("size line '\(lines[1])' is not a decimal number without leading zeros")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32 else {
            throw .malformed("root hash line is not base64 of 32 bytes")
        }
        guard !lines.dropFirst(3).contains(where: \.isEmpty) else { throw .malformed("empty extension line") }
        self.init(origin: String(lines[0]), size: size, rootHash: root, extensions: lines.dropFirst(3).map(String.init))
    }

    /// Verifies a signed checkpoint note with `verifier` and parses it. The note's origin line must
    /// equal `origin` when one is given.
    public static func open(_ note: String, verifier: NoteVerifier, origin: String? = nil) throws(NoteError) -> Checkpoint {
        let checkpoint = try Checkpoint(text: verifier.verify(note))
        if let origin, checkpoint.origin != origin {
            throw .malformed("checkpoint origin '\(checkpoint.origin)' is not the expected '\(origin)'")
        }
        return checkpoint
    }
}
