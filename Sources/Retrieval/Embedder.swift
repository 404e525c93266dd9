/// Turns texts into unit-length float vectors for similarity search.
///
/// Vectors are stored with the embedder's ``id`` and ``dimension``; an index refuses to search or
/// sync with a different embedder than the one that built it until `sync --reembed` rebuilds them.
public protocol Embedder: Sendable {
    var id: String { get }
    var dimension: Int { get }
    func embed(_ texts: [String]) async throws -> [[Float]]
}

/// The dependency-free default: character unigrams and bigrams hashed (FNV-1a) into signed buckets,
/// L2-normalised. Works offline; a neural embedder served over HTTP can replace it behind ``Embedder``.
public struct HashedNgramEmbedder: Embedder {
    public let dimension: Int
    public var id: String { "hashed-ngram-v1-\(dimension)" }

    public init(dimension: Int = 256) {
        precondition(dimension > 0)
        self.dimension = dimension
    }

    public func embed(_ texts: [String]) -> [[Float]] { texts.map(embedOne) }

    public func embedOne(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        let characters = Array(text.filter { !$0.isWhitespace && !$0.isPunctuation })
        func add(_ gram: String, weight: Float) {
            var hash: UInt64 = 0xcbf29ce484222325
            for byte in gram.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100000001b3
            }
            let bucket = Int(hash % UInt64(dimension))
            vector[bucket] += (hash >> 63) == 0 ? weight : -weight
        }
        for (index, character) in characters.enumerated() {
            add(String(character), weight: 0.5)
            if index + 1 < characters.count { add(String([character, characters[index + 1]]), weight: 1) }
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
