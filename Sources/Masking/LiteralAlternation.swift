/// Rewrites long alternations of plain words in a pattern so that PCRE2 compares one first letter
/// instead of every word: `(?:James|John|Robert)` becomes `(?:J(?:ames|ohn)|Robert)`.
///
/// PCRE2 tries the words of an alternation one after another at every position it starts from; a
/// list of 250 first names cost about 250 comparisons at each capital letter of a text. Words with
/// different first letters cannot both match at one position, so grouping them by first letter,
/// in their order within each group, matches exactly what the original matches. Only groups of
/// case-sensitive ASCII letters are rewritten; a pattern with any `(?i` is left as it is.
enum LiteralAlternation {
    /// Groups with fewer words are left alone: the saving would not be measurable.
    static let minimumWords = 8

    /// `pattern` with every qualifying `(?:word|word|…)` group factored by first letter.
    static func factored(_ pattern: String) -> String {
        guard !pattern.contains("(?i") else { return pattern }
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let (words, end) = wordGroup(in: scalars, at: index), words.count >= minimumWords {
                output.append(contentsOf: "(?:".unicodeScalars)
                output.append(contentsOf: factor(words).unicodeScalars)
                output.append(")")
                index = end
            } else {
                output.append(scalars[index])
                // An escaped character is copied with its backslash, so `\(?:` is never read as a group.
                if scalars[index] == "\\" && index + 1 < scalars.count {
                    output.append(scalars[index + 1])
                    index += 1
                }
                index += 1
            }
        }
        return String(output)
    }

    /// The words of a `(?:a|b|…)` group starting at `start` whose content is only ASCII letters
    /// and bars, with no empty word, and the index after its closing parenthesis.
    private static func wordGroup(in scalars: [Unicode.Scalar], at start: Int) -> ([String], Int)? {
        guard start + 3 < scalars.count, scalars[start] == "(", scalars[start + 1] == "?", scalars[start + 2] == ":" else { return nil }
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var index = start + 3
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "a"..."z", "A"..."Z":
                word.append(scalar)
            case "|", ")":
                guard !word.isEmpty else { return nil }
                words.append(String(word))
                word = String.UnicodeScalarView()
                if scalar == ")" { return (words, index + 1) }
            default:
                return nil
            }
            index += 1
        }
        return nil
    }

    /// The words grouped by first letter, groups in order of first appearance, words in their order.
    static func factor(_ words: [String]) -> String {
        var order: [Character] = []
        var rests: [Character: [Substring]] = [:]
        for word in words {
            guard let first = word.first else { continue }
            if rests[first] == nil { order.append(first) }
            rests[first, default: []].append(word.dropFirst())
        }
        return order.map { first in
            let group = rests[first] ?? []
            return group.count == 1 ? String(first) + group[0] : String(first) + "(?:" + group.joined(separator: "|") + ")"
        }.joined(separator: "|")
    }
}
