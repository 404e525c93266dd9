/// Plain text from HTML, for regulations published as web pages: scripts and styles dropped, block
/// elements (`p`, `div`, `br`, `li`, `h1`–`h6`, `tr`) turned into line breaks, other tags removed,
/// common entities decoded.
enum HTMLText {
    static func lines(_ html: String) -> [String] {
        var text = ""
        var index = html.startIndex
        let blockTags: Set<String> = ["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"]
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let inside = html[html.index(after: index)..<close].lowercased()
                let name = String(inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber })
                if name == "script" || name == "style", !inside.hasPrefix("/") {
                    // Skip to the matching closing tag.
                    if let end = html.range(of: "</\(name)", options: .caseInsensitive, range: close..<html.endIndex),
                       let endClose = html[end.upperBound...].firstIndex(of: ">") {
                        index = html.index(after: endClose)
                        continue
                    }
                }
                if blockTags.contains(name) { text.append("\n") }
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decode(entity) {
                    text.append(decoded)
                    index = html.index(after: semicolon)
                } else {
                    text.append(character)
                    index = html.index(after: index)
                }
            } else {
                text.append(character)
                index = html.index(after: index)
            }
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private static func decode(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        case "emsp", "ensp", "#12288": return "\u{3000}"
        default:
            if entity.hasPrefix("#x"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            return nil
        }
    }
}
