/// Rule-based recognizer for Chinese person names: a surname from the lexicon, one or two given-name
/// characters, and evidence: cue words before (我叫, 客户, 持卡人…) or after (先生, 女士, 经理…), a
/// given name made of common given-name characters, or a place in an enumeration (张伟、李娜和王芳).
///
/// Ordinary words that begin with a surname character (金额, 高兴, 周末…) are skipped as a whole, and
/// surnames that are also common word starters need a cue. A surname directly followed by a title
/// (王女士) is reported as the surname alone.
public final class ChineseNameRecognizer: Recognizer {
    public let id: String
    public let entityType = EntityType.person
    public let priority: Int
    public let lexicon: ChineseNameLexicon
    public let scores: ChineseNameScores
    /// Candidates scoring below this are not reported.
    public let minimumScore: Double

    private let tables: Tables
    /// Characters allowed between a cue and the name, at most four of them (我叫：王伟, 联系人是李娜, 我儿子叫李明,
    /// 请帮“王伟”, 联系人：【李娜】, a label on the line above, and the keys of structured data: "name":"车晓",
    /// name = 金波, <name>于谦). Full-width forms are folded already.
    private static let cueJoiners = HanCharacterSet(Array(":是为叫, \n\t\r「『“‘\"'(【[《<>=".unicodeScalars))

    /// The lexicon compiled into lookup tables, shared by reference so the hot loop copies nothing.
    private final class Tables: Sendable {
        let surnames: HanCharacterSet
        let ambiguous: HanCharacterSet
        let givenCharacters: HanCharacterSet
        let leadingGivenCharacters: HanCharacterSet
        let trailingGivenCharacters: HanCharacterSet
        let nonName: HanCharacterSet
        let separators: HanCharacterSet
        let compounds: Set<UInt64>
        /// First characters of compound surnames: most characters are rejected here, before hashing.
        let compoundFirsts: HanCharacterSet
        let cuesBefore: [[UInt32]]
        let cuesAfter: [[UInt32]]
        /// Ordinary words that start with a surname character (金额).
        let stopWords: WordsByFirstCharacter
        let cuesBeforeByLast: [UInt32: [Int]]
        let cuesAfterByFirst: [UInt32: [Int]]
        /// Bitmaps that answer "could a cue end / a title start here?" without hashing.
        let cueBeforeLasts: HanCharacterSet
        let cueAfterFirsts: HanCharacterSet
        /// Indices into `cuesBefore` of the naming cues.
        let namingCues: Set<Int>
        /// Indices into `cuesBefore` of the cues that name when a colon follows them.
        let labelCues: Set<Int>
        /// Indices into `cuesBefore` of the titles, which complete a surname alone.
        let titleCues: Set<Int>
        let functionCharacters: HanCharacterSet
        /// Following words (明天) and place words (小区, 路).
        let followingWords: WordsByFirstCharacter
        let placeWords: WordsByFirstCharacter

        init(_ lexicon: ChineseNameLexicon) {
            surnames = HanCharacterSet(lexicon.surnames + lexicon.ambiguousSurnames)
            ambiguous = HanCharacterSet(lexicon.ambiguousSurnames)
            givenCharacters = HanCharacterSet(lexicon.givenNameCharacters)
            leadingGivenCharacters = HanCharacterSet(lexicon.leadingGivenNameCharacters ?? "")
            trailingGivenCharacters = HanCharacterSet(lexicon.trailingGivenNameCharacters ?? "")
            nonName = HanCharacterSet(lexicon.nonNameCharacters)
            separators = HanCharacterSet(lexicon.enumerationSeparators)
            compounds = Set(lexicon.compoundSurnames.compactMap { word in
                let values = word.unicodeScalars.map(\.value)
                return values.count == 2 ? UInt64(values[0]) << 32 | UInt64(values[1]) : nil
            })
            compoundFirsts = HanCharacterSet(lexicon.compoundSurnames.compactMap(\.unicodeScalars.first))
            cuesBefore = lexicon.cuesBefore.map { $0.unicodeScalars.map(\.value) }
            cuesAfter = lexicon.cuesAfter.map { $0.unicodeScalars.map(\.value) }
            var byLast: [UInt32: [Int]] = [:]
            for (index, cue) in cuesBefore.enumerated() { if let last = cue.last { byLast[last, default: []].append(index) } }
            cuesBeforeByLast = byLast
            var byFirst: [UInt32: [Int]] = [:]
            for (index, cue) in cuesAfter.enumerated() { if let first = cue.first { byFirst[first, default: []].append(index) } }
            cuesAfterByFirst = byFirst
            cueBeforeLasts = HanCharacterSet(byLast.keys.compactMap(Unicode.Scalar.init))
            cueAfterFirsts = HanCharacterSet(byFirst.keys.compactMap(Unicode.Scalar.init))
            stopWords = WordsByFirstCharacter(lexicon.stopWords)
            let naming = Set(lexicon.namingCues ?? [])
            namingCues = Set(lexicon.cuesBefore.indices.filter { naming.contains(lexicon.cuesBefore[$0]) })
            let labels = Set(lexicon.labelCues ?? [])
            labelCues = Set(lexicon.cuesBefore.indices.filter { labels.contains(lexicon.cuesBefore[$0]) })
            let titles = Set(lexicon.titleCues ?? [])
            titleCues = Set(lexicon.cuesBefore.indices.filter { titles.contains(lexicon.cuesBefore[$0]) })
            functionCharacters = HanCharacterSet(lexicon.functionCharacters ?? "")
            followingWords = WordsByFirstCharacter(lexicon.followingWords ?? [])
            placeWords = WordsByFirstCharacter(lexicon.placeWords ?? [])
        }
    }

    public init(id: String, lexicon: ChineseNameLexicon, scores: ChineseNameScores = ChineseNameScores(),
                priority: Int, minimumScore: Double) {
        self.id = id
        self.lexicon = lexicon
        self.scores = scores
        self.priority = priority
        self.minimumScore = minimumScore
        tables = Tables(lexicon)
    }

    /// A possible name; the reason text is only built for the ones reported.
    private struct Candidate {
        var start: Int
        var end: Int
        var score: Double
        var surnameLength: Int
        var cueBefore: Int?
        var cueAfter: Int?
        var modelled = false
        var enumerated = false
    }

    private func reason(_ candidate: Candidate, in scalars: [UInt32]) -> String {
        var reason = "surname "
        ChineseNameRecognizer.append(scalars[candidate.start..<candidate.start + candidate.surnameLength], to: &reason)
        if let cue = candidate.cueBefore {
            reason += "; cue "
            ChineseNameRecognizer.append(tables.cuesBefore[cue], to: &reason)
        }
        if candidate.modelled { reason += "; given-name model" }
        if let cue = candidate.cueAfter {
            reason += "; cue "
            ChineseNameRecognizer.append(tables.cuesAfter[cue], to: &reason)
        }
        if candidate.enumerated { reason += "; enumeration" }
        return reason
    }

    public func findings(in text: NormalizedText) throws(MaskingError) -> [Finding] {
        // Names are Chinese characters: a text with no byte of one (lead bytes E3–E9) has none.
        guard (0xE3...0xE9).contains(where: { text.presentBytes.contains($0) }) else { return [] }
        let scalars = ChineseNameRecognizer.decode(text.utf8)
        var candidates: [Candidate] = []
        var index = 0
        let count = scalars.count
        while index < count {
            let value = scalars[index]
            guard HanCharacterSet.isHan(value), tables.surnames.contains(value) || (index + 1 < count && isCompound(value, scalars[index + 1])) else {
                index += 1
                continue
            }
            // The unit of an ordinal is no surname: 第一章 总则 (a chapter heading, with 总 a title
            // after it), 第三项.
            if ChineseNameRecognizer.endsOrdinal(before: index, in: scalars) {
                index += 1
                continue
            }
            // Right after a naming cue (联系人：黄金凤) a stop word's first character is a surname,
            // unless it is an ambiguous one (收款人：金额100元).
            if let stop = stopWordLength(at: index, in: scalars), tables.ambiguous.contains(value) || !followsNamingCue(index, in: scalars) {
                index += stop
                continue
            }
            if let candidate = candidate(at: index, in: scalars) {
                candidates.append(candidate)
                index = candidate.score >= minimumScore ? candidate.end : index + 1
            } else {
                index += 1
            }
        }
        boostEnumerations(&candidates, in: scalars)
        extendToSurnameBefore(&candidates, in: scalars)
        // Candidates count code points of the folded text; findings, those of the original.
        return candidates.filter { $0.score >= minimumScore }.map {
            let span = text.scalarRange(ofFolded: $0.start..<$0.end)
            return Finding(type: .person, start: span.lowerBound, end: span.upperBound, score: min(1, $0.score), recognizer: id,
                           reason: reason($0, in: scalars))
        }
    }

    private func candidate(at start: Int, in scalars: [UInt32]) -> Candidate? {
        let count = scalars.count
        let surnameLength = start + 1 < count && isCompound(scalars[start], scalars[start + 1]) ? 2 : 1
        var candidate = Candidate(start: start, end: start + surnameLength, score: scores.base, surnameLength: surnameLength)
        candidate.cueBefore = cueBefore(endingAt: start, in: scalars)
        if candidate.cueBefore != nil { candidate.score += scores.cueBefore }
        var given = start + surnameLength
        // A form's name field spaces the name out (姓名：王 芳, 户名：欧阳 娜娜): after a naming cue, one
        // or two spaces between surname and given name belong to the name.
        if given + 1 < count, scalars[given] == ChineseNameRecognizer.space, isNamed(candidate, in: scalars) {
            var next = given + 1
            if next < count && scalars[next] == ChineseNameRecognizer.space { next += 1 }
            if next < count && isGivenCandidate(scalars[next]) { given = next }
        }
        // A title completes a surname alone (王先生); a possessive cue (的账户, 名下) does not: before
        // it a lone surname character is a word of its own (对方的账户, 全家的卡).
        if let title = cueAfter(at: given, in: scalars), let first = tables.cuesAfter[title].first,
           !ChineseNameRecognizer.possessives.contains(first) {
            candidate.cueAfter = title
            candidate.score += scores.cueAfter
            return candidate
        }
        // A title before the name (Mr. 金说, Dr. 欧阳,) completes a surname alone, as 先生 after it does.
        if let cue = candidate.cueBefore, tables.titleCues.contains(cue), given >= count || !isGivenCandidate(scalars[given]) {
            candidate.score += scores.cueAfter
            return candidate
        }
        guard given < count else { return nil }
        // A first given character that starts a following word belongs to it (规范金融 is no 范金).
        guard isGivenCandidate(scalars[given]), !startsFollowingWord(at: given, in: scalars) else {
            return namedAfterCue(candidate, given: given, in: scalars)
        }
        var end = given + 1
        let leading = tables.leadingGivenCharacters.contains(scalars[given])
        var modelled = leading || tables.givenCharacters.contains(scalars[given])
        // 高圆圆, 王冰冰: a doubled character after a surname is a given name, as in most nicknames
        // and many women's names, whether or not the model knows the character; but before 的, 地
        // or 得 it may be an ABB adjective (白花花的银子), which only a cue tells from a name there
        // (客户白花花的账户), unless the model knows the character (程丽丽的卡, 汪燕燕的贷款); the few
        // adjectives whose character it knows (黄澄澄, 冷冰冰) are stop words.
        if isDoubled(given: given, surname: start, in: scalars),
           !(given + 2 < count && ChineseNameRecognizer.adjectiveEndings.contains(scalars[given + 2])
             && !tables.givenCharacters.contains(scalars[given])
             && candidate.cueBefore == nil && cueAfter(at: given + 2, in: scalars) == nil) {
            candidate.end = given + 2
            candidate.modelled = true
            candidate.score += scores.givenNameModel
            candidate.cueAfter = cueAfter(at: given + 2, in: scalars)
            if candidate.cueAfter != nil { candidate.score += scores.cueAfter }
            // A doubled character the model knows is a name after an ambiguous surname too (程丽丽,
            // 许倩倩): no word doubles a given-name character after one of those.
            if candidate.cueAfter == nil && tables.ambiguous.contains(scalars[start]) && candidate.cueBefore == nil
                && !tables.givenCharacters.contains(scalars[given]) {
                candidate.score += scores.ambiguousSurname
            }
            return candidate
        }
        if end < count, isGivenCandidate(scalars[end]), !startsFollowingWord(at: end, in: scalars) {
            let second = tables.givenCharacters.contains(scalars[end]) || tables.trailingGivenCharacters.contains(scalars[end])
            // A second given-name character counts when the model knows it, or a cue follows; after
            // a cue before the name (我是殷桂香，), also when the clause ends right after it.
            let clauseEnds = end + 1 == count || !HanCharacterSet.isHan(scalars[end + 1])
            if cueAfter(at: end + 1, in: scalars) != nil || (second && (modelled || candidate.cueBefore != nil))
                || (candidate.cueBefore != nil && clauseEnds) {
                modelled = modelled && second
                end += 1
            }
        }
        candidate.end = end
        // A leading-only character (小, 发) counts when a second given character follows it.
        if leading && end == given + 1 { modelled = false }
        if modelled {
            candidate.modelled = true
            candidate.score += scores.givenNameModel
        }
        candidate.cueAfter = cueAfter(at: end, in: scalars)
        // 退保王先生: an ambiguous surname's character (保) ends a word, and the one after it is the
        // surname the title goes with. With no cue before, a common surname as the only given
        // character is that surname: the name starts there.
        if candidate.cueAfter != nil, candidate.cueBefore == nil, surnameLength == 1, end == given + 1,
           tables.ambiguous.contains(scalars[start]), tables.surnames.contains(scalars[given]), !tables.ambiguous.contains(scalars[given]) {
            return nil
        }
        if candidate.cueAfter != nil { candidate.score += scores.cueAfter }
        // A surname that is also a common word's first character (车, 保, 时, 花…) needs more than a
        // cue before it when the model does not know the given name: 客户花呗, 借款人车牌, 投保人保单号
        // are words after a cue. After a naming cue the name may still end the clause (我叫钱程。).
        if candidate.cueAfter == nil && surnameLength == 1 && tables.ambiguous.contains(scalars[start]) {
            let namedToClauseEnd = isNamed(candidate, in: scalars)
                && (end == count || !HanCharacterSet.isHan(scalars[end]))
            // Two given characters the model knows make a name of an ambiguous surname too (方建平, 万红霞),
            // but not before a word that follows a place or a brand (万科城小区, 文华东方酒店).
            let fullyModelled = modelled && end == given + 2 && !startsPlaceWord(at: end, in: scalars)
            if (candidate.cueBefore == nil && !fullyModelled) || (candidate.cueBefore != nil && !(modelled || namedToClauseEnd)) {
                candidate.score += scores.ambiguousSurname
            }
        }
        return candidate
    }

    /// A surname and one or two characters the given-name model does not take, none a function
    /// character (李想, 刘可), when they end the clause after a naming cue (我叫李想。) or a cue after
    /// the name follows them (王想的账户).
    private func namedAfterCue(_ candidate: Candidate, given: Int, in scalars: [UInt32]) -> Candidate? {
        let named = isNamed(candidate, in: scalars)
        for length in 1...2 {
            let end = given + length
            guard end <= scalars.count, HanCharacterSet.isHan(scalars[end - 1]),
                  !tables.functionCharacters.contains(scalars[end - 1]) else { return nil }
            var found = candidate
            found.end = end
            if named && (end == scalars.count || !HanCharacterSet.isHan(scalars[end])) { return found }
            if let cue = cueAfter(at: end, in: scalars) {
                found.cueAfter = cue
                found.score += scores.cueAfter
                return found
            }
        }
        return nil
    }

    /// Whether the two characters from `given` are one given-name character doubled (高圆圆), after
    /// a single surname and unlike it.
    private func isDoubled(given: Int, surname: Int, in scalars: [UInt32]) -> Bool {
        given == surname + 1 && given + 1 < scalars.count && scalars[given] == scalars[given + 1]
            && scalars[given] != scalars[surname] && isGivenCandidate(scalars[given])
            && !tables.functionCharacters.contains(scalars[given])
    }

    /// Whether `第` and a number (digits or numerals: 第一, 第12, 第二十三) end right before `index`.
    static func endsOrdinal(before index: Int, in scalars: [UInt32]) -> Bool {
        var start = index
        while start > 0, scalars[start - 1] &- 0x30 < 10 || numerals.contains(scalars[start - 1]) { start -= 1 }
        return start < index && start > 0 && scalars[start - 1] == 0x7B2C   // 第
    }

    /// 〇零一二三四五六七八九十百千两, as code points.
    private static let numerals: Set<UInt32> = Set("〇零一二三四五六七八九十百千两".unicodeScalars.map(\.value))

    /// 的, 地, 得: what follows an ABB adjective (白花花的).
    private static let adjectiveEndings: Set<UInt32> = [0x7684, 0x5730, 0x5F97]

    /// Whether a naming cue ends right before `index` (with a joiner: 联系人：).
    private func followsNamingCue(_ index: Int, in scalars: [UInt32]) -> Bool {
        guard let cue = cueBefore(endingAt: index, in: scalars) else { return false }
        // Not a label cue: a role word and a colon come before a stop word as often as before a
        // name (负责人：高度重视, 家长：周末带孩子).
        return names(cue, before: index, in: scalars, labels: false)
    }

    /// Whether the cue before the candidate names it: a naming cue (我叫, 联系人), or any cue followed
    /// by 叫 (孩子叫刘一手).
    private func isNamed(_ candidate: Candidate, in scalars: [UInt32]) -> Bool {
        guard let cue = candidate.cueBefore else { return false }
        return names(cue, before: candidate.start, in: scalars, labels: true)
    }

    /// Whether cue `cue`, found before `index`, names what starts there: a naming cue, any cue
    /// followed by 叫, or with `labels`, a label cue followed by a colon (负责人：).
    private func names(_ cue: Int, before index: Int, in scalars: [UInt32], labels: Bool) -> Bool {
        if tables.namingCues.contains(cue) || (index > 0 && scalars[index - 1] == ChineseNameRecognizer.called) { return true }
        guard labels, tables.labelCues.contains(cue) else { return false }
        // The joiners between the cue and the name (at most four: cueBefore(endingAt:)) hold a colon.
        var position = index - 1
        while position >= 0 && index - position <= 4 && ChineseNameRecognizer.cueJoiners.contains(scalars[position]) {
            if scalars[position] == ChineseNameRecognizer.colon { return true }
            position -= 1
        }
        return false
    }

    /// A colon (the full-width one is folded to it).
    static let colon: UInt32 = 0x3A

    /// A space (the ideographic space is folded to it).
    static let space: UInt32 = 0x20

    /// 叫 ("is called"): between a cue and a name it makes the cue a naming one.
    static let called: UInt32 = 0x53EB

    /// Whether one of the lexicon's place words (小区, 路) starts at `start`.
    private func startsPlaceWord(at start: Int, in scalars: [UInt32]) -> Bool {
        tables.placeWords.length(at: start, in: scalars) != nil
    }

    /// Whether one of the lexicon's following words (明天) starts at `start`.
    private func startsFollowingWord(at start: Int, in scalars: [UInt32]) -> Bool {
        tables.followingWords.length(at: start, in: scalars) != nil
    }

    /// A two-character name right after a surname character that starts its clause (单田芳, where
    /// 单 is a common word too and was not taken alone) is a three-character name: masking 田芳 alone
    /// left the surname in the text. The character before must begin the text or follow something
    /// other than a Chinese character, so it cannot end a word of its own.
    private func extendToSurnameBefore(_ candidates: inout [Candidate], in scalars: [UInt32]) {
        for index in candidates.indices where candidates[index].score >= minimumScore {
            let candidate = candidates[index]
            let before = candidate.start - 1
            guard candidate.surnameLength == 1, candidate.end - candidate.start == 2, before >= 0,
                  tables.surnames.contains(scalars[before]), !tables.functionCharacters.contains(scalars[before]),
                  before == 0 || !HanCharacterSet.isHan(scalars[before - 1]),
                  index == 0 || candidates[index - 1].end <= before || candidates[index - 1].score < minimumScore else { continue }
            candidates[index].start = before
        }
    }

    /// Raises names that sit next to an accepted name across an enumeration separator (、 和 与 及).
    private func boostEnumerations(_ candidates: inout [Candidate], in scalars: [UInt32]) {
        guard candidates.count > 1 else { return }
        for _ in 0..<2 {
            for i in candidates.indices where candidates[i].score < minimumScore {
                let previous = i > 0 ? candidates[i - 1] : nil
                let next = i + 1 < candidates.count ? candidates[i + 1] : nil
                let start = candidates[i].start, end = candidates[i].end
                let joinedBefore = previous.map { $0.score >= minimumScore && $0.end == start - 1 && tables.separators.contains(scalars[start - 1]) } ?? false
                let joinedAfter = next.map { $0.score >= minimumScore && $0.start == end + 1 && tables.separators.contains(scalars[end]) } ?? false
                if joinedBefore || joinedAfter {
                    candidates[i].score += scores.enumeration
                    candidates[i].enumerated = true
                }
            }
        }
    }

    /// 的 and 名 (名下, "in the name of"): a cue after a name that starts with one is possessive and
    /// needs a given name.
    static let possessives: Set<UInt32> = [0x7684, 0x540D]

    /// Closing quotes and brackets, a space or a line break: one may stand between a name and the cue
    /// after it (“查俊”的账户, 查俊 的账户).
    private static let closingJoiners = HanCharacterSet(Array("”’\"')]】》>」』 \n\r\t".unicodeScalars))

    private func isCompound(_ first: UInt32, _ second: UInt32) -> Bool {
        tables.compoundFirsts.contains(first) && tables.compounds.contains(UInt64(first) << 32 | UInt64(second))
    }

    private func isGivenCandidate(_ value: UInt32) -> Bool {
        HanCharacterSet.isHan(value) && !tables.nonName.contains(value)
    }

    private func stopWordLength(at start: Int, in scalars: [UInt32]) -> Int? {
        tables.stopWords.length(at: start, in: scalars)
    }

    /// The index of a cue word that ends at `end`, or up to four joiners earlier (我叫：王伟, "name":"车晓").
    private func cueBefore(endingAt end: Int, in scalars: [UInt32]) -> Int? {
        guard end > 0 else { return nil }
        if tables.cueBeforeLasts.contains(scalars[end - 1]), let cues = tables.cuesBeforeByLast[scalars[end - 1]] {
            for index in cues where ChineseNameRecognizer.matches(tables.cuesBefore[index], at: end - tables.cuesBefore[index].count, in: scalars) {
                return index
            }
        }
        var cueEnd = end
        for _ in 0..<4 {
            guard cueEnd > 1, ChineseNameRecognizer.cueJoiners.contains(scalars[cueEnd - 1]) else { return nil }
            cueEnd -= 1
            if tables.cueBeforeLasts.contains(scalars[cueEnd - 1]), let cues = tables.cuesBeforeByLast[scalars[cueEnd - 1]] {
                for index in cues where ChineseNameRecognizer.matches(tables.cuesBefore[index], at: cueEnd - tables.cuesBefore[index].count, in: scalars) {
                    return index
                }
            }
        }
        return nil
    }

    /// The index of a title or other cue word that starts at `start`, or one character later after
    /// a closing quote or bracket, a space or a line break (“查俊”的账户, 【王伟】先生, 查俊 的账户).
    private func cueAfter(at start: Int, in scalars: [UInt32]) -> Int? {
        if let cue = cueAfterExactly(at: start, in: scalars) { return cue }
        guard start < scalars.count, ChineseNameRecognizer.closingJoiners.contains(scalars[start]) else { return nil }
        return cueAfterExactly(at: start + 1, in: scalars)
    }

    private func cueAfterExactly(at start: Int, in scalars: [UInt32]) -> Int? {
        guard start < scalars.count, tables.cueAfterFirsts.contains(scalars[start]), let cues = tables.cuesAfterByFirst[scalars[start]] else { return nil }
        return cues.first { ChineseNameRecognizer.matches(tables.cuesAfter[$0], at: start, in: scalars) }
    }

    private static func matches(_ word: [UInt32], at start: Int, in scalars: [UInt32]) -> Bool {
        guard start >= 0, start + word.count <= scalars.count else { return false }
        for offset in 0..<word.count where scalars[start + offset] != word[offset] { return false }
        return true
    }

    private static func append(_ values: some Sequence<UInt32>, to text: inout String) {
        for value in values { if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) } }
    }

    /// The code points of UTF-8 bytes (already validated: they came from a Swift string).
    static func decode(_ bytes: [UInt8]) -> [UInt32] {
        var values: [UInt32] = []
        values.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                let lead = UInt32(buffer[index])
                if lead < 0x80 {
                    values.append(lead)
                    index += 1
                } else if lead < 0xE0 {
                    values.append((lead & 0x1F) << 6 | UInt32(buffer[index + 1] & 0x3F))
                    index += 2
                } else if lead < 0xF0 {
                    values.append((lead & 0x0F) << 12 | UInt32(buffer[index + 1] & 0x3F) << 6 | UInt32(buffer[index + 2] & 0x3F))
                    index += 3
                } else {
                    values.append((lead & 0x07) << 18 | UInt32(buffer[index + 1] & 0x3F) << 12
                                  | UInt32(buffer[index + 2] & 0x3F) << 6 | UInt32(buffer[index + 3] & 0x3F))
                    index += 4
                }
            }
        }
        return values
    }
}
