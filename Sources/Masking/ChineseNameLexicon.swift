/// The data behind ``ChineseNameRecognizer``, loaded from a policy file: surnames, the characters
/// given names are made of, cue words and the ordinary words that begin with a surname character.
public struct ChineseNameLexicon: Sendable, Hashable, Codable {
    /// Single-character surnames, written as one string (`王李张刘陈…`).
    public var surnames: String
    /// Surnames that are also very common word starters (于, 任, 方, 金…): only taken with a cue.
    public var ambiguousSurnames: String
    /// Two-character surnames (欧阳, 上官, 诸葛…).
    public var compoundSurnames: [String]
    /// Characters common in given names, written as one string.
    public var givenNameCharacters: String
    /// Characters common as the first of two given-name characters but rarely alone or last (小, 发,
    /// 根: 王小明, 李发财, 张根生): they count for the model only when a given-name character follows,
    /// so 周小时, 高发期 and 石根本 stay words.
    public var leadingGivenNameCharacters: String?
    /// Characters common as the second of two given characters but words after a surname alone (花:
    /// 李桂花, 王春花, but 桂花, 梅花, 兰花): they count for the model only as the second.
    public var trailingGivenNameCharacters: String?
    /// Characters that never belong to a name (particles, pronouns, common verbs): a name stops before them.
    public var nonNameCharacters: String
    /// Words before a name: 我叫, 客户, 持卡人…
    public var cuesBefore: [String]
    /// Words after a name or a bare surname: 先生, 女士, 经理…
    public var cuesAfter: [String]
    /// Ordinary words that start with a surname character: 金额, 高兴, 周末…
    public var stopWords: [String]
    /// Separators of an enumeration of names: 、 和 与 及.
    public var enumerationSeparators: String
    /// Cues before that name the person (我叫, 联系人, 户名…): after one, a surname and one or two
    /// characters that end the clause are a name even when a character is not a given-name
    /// character (我叫李想。, 联系人：刘可，), unless it is a ``functionCharacters`` one. Must
    /// also be in ``cuesBefore``.
    public var namingCues: [String]?
    /// Cues before that name the person when a colon follows them, as a form's field label does
    /// (负责人：钱立群, 监护人: 赵本山): there they count as ``namingCues``. Without the colon they stay
    /// ordinary cues, since in prose a role word is as often followed by a word (负责人高度重视). Must
    /// also be in ``cuesBefore``.
    public var labelCues: [String]?
    /// Titles before a name (Mr., Ms., Dr.): like 先生 after one, they complete a surname alone
    /// (Mr. 金, Dr. 欧阳). Must also be in ``cuesBefore``.
    public var titleCues: [String]?
    /// Particles, pronouns and the like that are never part of a name, even after a naming cue.
    public var functionCharacters: String?
    /// Words that follow the name of a place, brand or building, not a person's (小区, 酒店, 路, 城):
    /// before one, an ambiguous surname and two given-name characters are no name (万科城小区, 文华东方酒店).
    public var placeWords: [String]?
    /// Words that often follow a name and start with a given-name character (明天, 金额): a given-name
    /// character is not taken when it starts one (诸葛亮明天来 is 诸葛亮; 规范金融 has no name).
    public var followingWords: [String]?

    enum CodingKeys: String, CodingKey {
        case surnames, ambiguousSurnames = "ambiguous_surnames", compoundSurnames = "compound_surnames"
        case givenNameCharacters = "given_name_characters", leadingGivenNameCharacters = "leading_given_name_characters"
        case trailingGivenNameCharacters = "trailing_given_name_characters"
        case nonNameCharacters = "non_name_characters"
        case cuesBefore = "cues_before", cuesAfter = "cues_after", stopWords = "stop_words"
        case enumerationSeparators = "enumeration_separators"
        case namingCues = "naming_cues", labelCues = "label_cues", titleCues = "title_cues", functionCharacters = "function_characters", followingWords = "following_words"
        case placeWords = "place_words"
    }
}

/// Scores of the name model, from a policy file.
public struct ChineseNameScores: Sendable, Hashable, Codable {
    /// Score of a surname followed by plausible given-name characters, before any cue.
    public var base: Double = 0.35
    /// Added when every given-name character is a common given-name character.
    public var givenNameModel: Double = 0.15
    /// Added for a cue word before the name.
    public var cueBefore: Double = 0.35
    /// Added for a cue word after the name (先生, 女士…).
    public var cueAfter: Double = 0.4
    /// Added for a name in an enumeration next to an accepted name.
    public var enumeration: Double = 0.3
    /// Added (negative) when the surname is one of the ambiguous ones.
    public var ambiguousSurname: Double = -0.25

    enum CodingKeys: String, CodingKey {
        case base, givenNameModel = "given_name_model", cueBefore = "cue_before", cueAfter = "cue_after"
        case enumeration, ambiguousSurname = "ambiguous_surname"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ChineseNameScores()
        base = try c.decodeIfPresent(Double.self, forKey: .base) ?? defaults.base
        givenNameModel = try c.decodeIfPresent(Double.self, forKey: .givenNameModel) ?? defaults.givenNameModel
        cueBefore = try c.decodeIfPresent(Double.self, forKey: .cueBefore) ?? defaults.cueBefore
        cueAfter = try c.decodeIfPresent(Double.self, forKey: .cueAfter) ?? defaults.cueAfter
        enumeration = try c.decodeIfPresent(Double.self, forKey: .enumeration) ?? defaults.enumeration
        ambiguousSurname = try c.decodeIfPresent(Double.self, forKey: .ambiguousSurname) ?? defaults.ambiguousSurname
    }
}
