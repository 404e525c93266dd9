import Crypto
import Foundation

/// One indexed unit of a regulation: a whole article, or one paragraph (款) of a long article.
public struct RegulationChunk: Sendable, Equatable {
    public var article: ArticleNumber
    /// 1-based paragraph number when the chunk is one paragraph of a long article.
    public var paragraph: Int?
    /// The citation anchor: `第三章/第十二条` or `第三章/第十二条/第二款`.
    public var clausePath: String
    /// The human citation's clause part: `第十二条` or `第十二条第二款`.
    public var clauseLabel: String
    public var text: String
    /// SHA-256 (hex) of the chunk's clause path and text: unchanged chunks keep their vectors.
    public var sha256: String

    /// The chunks of one document: one per article, or one per paragraph when an article is longer
    /// than `maxCharacters` and has more than one paragraph.
    public static func chunks(of document: RegulationDocument, maxCharacters: Int = 400) -> [RegulationChunk] {
        document.articles.flatMap { article -> [RegulationChunk] in
            let whole = article.text
            guard whole.count > maxCharacters, article.paragraphs.count > 1 else {
                return [RegulationChunk(article: article.number, paragraph: nil, clausePath: article.clausePath,
                                        clauseLabel: article.number.description, text: whole)]
            }
            return article.paragraphs.enumerated().map { offset, paragraph in
                let label = "第\(ChineseNumeral.format(offset + 1))款"
                return RegulationChunk(article: article.number, paragraph: offset + 1, clausePath: article.clausePath + "/" + label,
                                       clauseLabel: article.number.description + label, text: paragraph)
            }
        }
    }

    init(article: ArticleNumber, paragraph: Int?, clausePath: String, clauseLabel: String, text: String) {
        self.article = article
        self.paragraph = paragraph
        self.clausePath = clausePath
        self.clauseLabel = clauseLabel
        self.text = text
        self.sha256 = RegulationIndex.hex(SHA256.hash(data: Data((clausePath + "\n" + text).utf8)))
    }
}
