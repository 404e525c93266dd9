/// Conversion between Chinese numerals (as used in article numbers, 第一百二十三条) and integers.
public enum ChineseNumeral {
    private static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
        "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]
    private static let digitCharacters: [Character] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// Parses `一百二十三`, `十二`, `一千零五`, or Arabic digits; nil for anything else or for values
    /// of ten thousand and above (articles never get there).
    public static func parse(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty else { return nil }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(text) }
        var total = 0
        var pending: Int? = nil
        var lastUnit = 10_000
        for character in text {
            if let digit = digits[character] {
                if pending != nil && digit != 0 { return nil }  // two digits in a row: 一二
                pending = digit == 0 ? nil : digit
            } else if let unit = units[character] {
                guard unit < lastUnit else { return nil }  // units must descend: 十百 is not a number
                total += (pending ?? (unit == 10 && total == 0 ? 1 : 0)) * unit
                if pending == nil && !(unit == 10 && total == 10) { return nil }
                pending = nil
                lastUnit = unit
            } else {
                return nil
            }
        }
        return total + (pending ?? 0)
    }

    /// Formats 1...9999 the way article numbers are written: 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十.
    public static func format(_ value: Int) -> String {
        precondition(value > 0 && value < 10_000, "article numbers run from 1 to 9999")
        if value < 10 { return String(digitCharacters[value]) }
        if value < 20 { return "十" + (value == 10 ? "" : String(digitCharacters[value - 10])) }
        let places: [(Int, Character)] = [(1000, "千"), (100, "百"), (10, "十")]
        var result = ""
        var remainder = value
        var needZero = false
        for (size, unit) in places {
            let digit = remainder / size
            remainder %= size
            if digit > 0 {
                if needZero { result.append("零") }
                result.append(digitCharacters[digit])
                result.append(unit)
                needZero = false
            } else if !result.isEmpty {
                needZero = true
            }
        }
        if remainder > 0 {
            if needZero { result.append("零") }
            result.append(digitCharacters[remainder])
        }
        return result
    }
}
