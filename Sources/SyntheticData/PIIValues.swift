import Masking

/// Generators for realistic personal-information values: valid check digits, real formats and
/// groupings, sometimes full-width or glued to the surrounding text. Deliberately written apart
/// from the recognizers' lexicons (its own name characters, cities and companies), so the corpus
/// measures the recognizers rather than echoing them.
enum PIIValues {
    static let areaCodes = ["110105", "110108", "310104", "310115", "440106", "440305", "330106", "320102", "510107",
                            "420106", "370102", "500103", "610113", "210102", "350203", "430104", "120101", "130102",
                            "410105", "530102", "450103", "360102", "340104", "220102", "230103", "620102"]

    static func residentID(_ g: inout SeededGenerator) -> String {
        let year = Int.random(in: 1950...2005, using: &g), month = Int.random(in: 1...12, using: &g)
        let day = Int.random(in: 1...28, using: &g)
        let first17 = g.pick(areaCodes) + String(year) + two(month) + two(day) + g.digits(3)
        let check = CheckDigits.residentIDCheckCharacter(Array(first17.utf8))!
        let id = first17 + String(UnicodeScalar(check))
        return g.chance(0.2) ? id.lowercased() : id
    }

    static func bankCard(_ g: inout SeededGenerator) -> String {
        let (prefix, length): (String, Int) = g.pick([("622202", 19), ("621700", 19), ("622848", 19), ("625807", 16),
                                                      ("4" + g.digits(5), 16), ("5" + String(Int.random(in: 1...5, using: &g)) + g.digits(4), 16),
                                                      ("2" + String(Int.random(in: 221...720, using: &g)) + g.digits(2), 16),
                                                      ("3528" + g.digits(2), 16), ("37" + g.digits(4), 15)])
        let body = prefix + g.digits(length - prefix.count - 1)
        let check = (0...9).first { CheckDigits.passesLuhn(Array((body + String($0)).utf8)) }!
        let number = body + String(check)
        if length == 15 && g.chance(0.5) {   // AmEx 4-6-5
            let a = Array(number)
            return String(a[0..<4]) + " " + String(a[4..<10]) + " " + String(a[10...])
        }
        return g.chance(0.5) ? grouped(number, by: 4, separator: g.chance(0.8) ? " " : "-") : number
    }

    static func mobile(_ g: inout SeededGenerator) -> String {
        let number = g.pick(["138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "130", "131", "133",
                             "153", "177", "180", "181", "189", "199", "191", "166", "175", "147", "198"]) + g.digits(8)
        switch Int.random(in: 0..<10, using: &g) {
        case 0: return "+86 " + grouped344(number, " ")
        case 1: return "+86" + number
        case 2: return grouped344(number, "-")
        case 3: return grouped344(number, " ")
        default: return number
        }
    }

    static func landline(_ g: inout SeededGenerator) -> String {
        let area = g.pick(["010", "021", "020", "022", "023", "0755", "0571", "028", "027", "025", "0512", "0532"])
        let local = String(Int.random(in: 2...8, using: &g)) + g.digits(area.count == 3 ? 7 : 7)
        let extensionPart = g.chance(0.2) ? "转" + g.digits(3) : ""
        switch Int.random(in: 0..<3, using: &g) {
        case 0: return "(" + area + ")" + local + extensionPart
        case 1: return area + "-" + local + extensionPart
        default: return area + local
        }
    }

    /// US toll-free area codes: service numbers, never a person's (the policy allows them).
    static let tollFreeAreaCodes: Set<Int> = [800, 833, 844, 855, 866, 877, 888]

    static func northAmerican(_ g: inout SeededGenerator) -> String {
        var code = Int.random(in: 201...989, using: &g)
        while tollFreeAreaCodes.contains(code) { code = Int.random(in: 201...989, using: &g) }
        let area = String(code), exchange = String(Int.random(in: 200...999, using: &g))
        let line = g.digits(4)
        return g.chance(0.5) ? "(\(area)) \(exchange)-\(line)" : "\(area)-\(exchange)-\(line)"
    }

    static let pinyinSyllables = ["zhang", "wei", "li", "na", "wang", "fang", "liu", "yang", "chen", "jing", "xiao", "ming",
                                  "hui", "ling", "hong", "jun", "lei", "tao", "hao", "yu", "xin", "yi", "ting", "qiang"]

    static func email(_ g: inout SeededGenerator) -> String {
        let local: String = switch Int.random(in: 0..<3, using: &g) {
        case 0: g.pick(pinyinSyllables) + "." + g.pick(pinyinSyllables)
        case 1: g.pick(pinyinSyllables) + g.pick(pinyinSyllables) + g.digits(Int.random(in: 2...4, using: &g))
        default: g.digits(Int.random(in: 6...10, using: &g))
        }
        return local + "@" + g.pick(["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com", "gmail.com", "outlook.com", "icbc.com.cn"])
    }

    static func ipv4(_ g: inout SeededGenerator) -> String {
        var first = Int.random(in: 1...223, using: &g)
        if first == 127 { first = 128 }
        return "\(first).\(Int.random(in: 0...255, using: &g)).\(Int.random(in: 0...255, using: &g)).\(Int.random(in: 1...254, using: &g))"
    }

    static func ipv6(_ g: inout SeededGenerator) -> String {
        let groups = (0..<4).map { _ in String(Int.random(in: 1...0xFFFF, using: &g), radix: 16) }
        return g.chance(0.5) ? "2001:db8::" + groups.joined(separator: ":") : "2408:" + groups.joined(separator: ":") + ":1:2:3"
    }

    static let uscAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    static func uscc(_ g: inout SeededGenerator) -> String {
        while true {
            var code = g.pick(["91", "92", "93", "12", "52"]) + g.pick(areaCodes)
            code += String((0..<8).map { _ in g.pick(Array("0123456789ABCDEFGHJKLMNPQRTUWXY")) })
            guard let org = "0123456789X".first(where: { CheckDigits.isValidOrganizationCode(Array((code.dropFirst(8) + String($0)).utf8)[...]) }) else { continue }
            code.append(org)
            guard let check = uscAlphabet.first(where: { CheckDigits.isValidUnifiedSocialCreditCode(code + String($0)) }) else { continue }
            return code + String(check)
        }
    }

    static func iban(_ g: inout SeededGenerator) -> String {
        let bank = String((0..<4).map { _ in g.pick(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) })
        let rest = bank + g.digits(14)
        let check = (2...98).map { $0 < 10 ? "0\($0)" : "\($0)" }.first { CheckDigits.isValidIBAN("GB" + $0 + rest) }!
        let iban = "GB" + check + rest
        return g.chance(0.7) ? grouped(iban, by: 4, separator: " ") : iban
    }

    static func ssn(_ g: inout SeededGenerator) -> String {
        "\(Int.random(in: 100...665, using: &g))-\(two(Int.random(in: 1...99, using: &g)))-\(Int.random(in: 1000...9999, using: &g))"
    }

    static func passport(_ g: inout SeededGenerator) -> String {
        g.chance(0.5) ? "E" + g.digits(8) : "E" + String(g.pick(Array("ABCDEFGHJKLMNPQRSTUVWXYZ"))) + g.digits(7)
    }

    static func permit(_ g: inout SeededGenerator) -> String {
        g.chance(0.6) ? "C" + g.digits(8) : "H" + g.digits(8) + (g.chance(0.5) ? "0" + String(Int.random(in: 0...9, using: &g)) : "")
    }

    static func plate(_ g: inout SeededGenerator) -> String {
        let province = g.pick(Array("京沪粤浙苏川鄂湘鲁豫闽陕津渝"))
        let letter = g.pick(Array("ABCDEFGHJKLMN"))
        let serial = g.chance(0.3) ? String(g.pick(["D", "F"])) + g.digits(5) : String((0..<5).map { _ in g.pick(Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")) })
        return String(province) + String(letter) + (g.chance(0.2) ? "·" : "") + serial
    }

    static func account(_ g: inout SeededGenerator) -> String {
        let number = "1" + g.digits(Int.random(in: 15...19, using: &g))
        return g.chance(0.3) ? grouped(number, by: 4, separator: " ") : number
    }

    static func password(_ g: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 5...8, using: &g)).map { _ in g.pick(Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQR")) }) + g.digits(Int.random(in: 1...4, using: &g))
    }

    static func expiry(_ g: inout SeededGenerator) -> String { two(Int.random(in: 1...12, using: &g)) + "/" + two(Int.random(in: 25...32, using: &g)) }

    static func birthDate(_ g: inout SeededGenerator) -> String {
        let year = Int.random(in: 1950...2005, using: &g), month = Int.random(in: 1...12, using: &g), day = Int.random(in: 1...28, using: &g)
        return g.chance(0.5) ? "\(year)-\(two(month))-\(two(day))" : "\(year)年\(month)月\(day)日"
    }

    // Surnames weighted roughly by population (top of the list more often), including ones that are
    // also common word starters (于, 许, 方, 金, 余…), which the recognizer only takes with a cue.
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
    static let compoundSurnames = ["欧阳", "上官", "司马", "诸葛", "慕容", "东方"]
    static let givenCharacters = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国文辉力鹏飞宇浩欣怡婷雪琳晨子梓涵轩博俊嘉思佳雨泽宏志海波斌亮凯峰鑫晶颖瑞琪璐倩楠蕾露薇燕玲莉梅月春阳德诚毅龙凤鸿晓旭宁安康福祥云雯琼瑶珊珍琴蓉芝芸莹菲萱岚川江涵清洁铭锋锦坤天元永恒恩惠爱宝彤彬心悦成振捷政新昌星景朋朗松柏栋树森欢正武民汉淑泰洪荣诗语诺豪越达远雄雅震韵顺馨骏鸣小根发")

    static func chineseName(_ g: inout SeededGenerator) -> String {
        let name = chineseNameParts(&g)
        return name.surname + name.given
    }

    /// A surname (single or compound) and a given name of one or two characters.
    static func chineseNameParts(_ g: inout SeededGenerator) -> (surname: String, given: String) {
        let index = min(Int(Double(surnames.count) * pow(Double.random(in: 0..<1, using: &g), 2)), surnames.count - 1)
        let surname = g.chance(0.03) ? g.pick(compoundSurnames) : String(surnames[index])
        let given = g.chance(0.65) ? String([g.pick(givenCharacters), g.pick(givenCharacters)]) : String(g.pick(givenCharacters))
        return (surname, given)
    }

    static let englishFirst = ["James", "Mary", "John", "Linda", "Michael", "Sarah", "David", "Emily", "Robert", "Jessica",
                               "Daniel", "Laura", "Kevin", "Helen", "Peter", "Anna", "Thomas", "Rachel", "Andrew", "Sophia"]
    static let englishLast = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
                              "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark"]

    static func pinyinName(_ g: inout SeededGenerator) -> String {
        let surname = g.pick(["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu", "Xu", "Sun"])
        let given = (g.pick(pinyinSyllables) + (g.chance(0.5) ? g.pick(pinyinSyllables) : "")).capitalized
        return g.chance(0.7) ? surname + " " + given : given + " " + surname
    }

    static let provinces = [("广东省", ["深圳市", "广州市", "佛山市"]), ("浙江省", ["杭州市", "宁波市", "温州市"]),
                            ("江苏省", ["南京市", "苏州市", "无锡市"]), ("四川省", ["成都市", "绵阳市"]),
                            ("湖北省", ["武汉市", "宜昌市"]), ("山东省", ["济南市", "青岛市"])]
    static let municipalities = ["北京市", "上海市", "天津市", "重庆市"]

    static func address(_ g: inout SeededGenerator) -> String {
        var text: String
        if g.chance(0.4) {
            text = g.pick(municipalities)
        } else {
            let (province, cities) = g.pick(provinces)
            text = (g.chance(0.6) ? province : "") + g.pick(cities)
        }
        text += g.pick(["朝阳区", "海淀区", "浦东新区", "南山区", "西湖区", "鼓楼区", "武侯区", "江汉区", "历下区", "福田区", "天河区"])
        if g.chance(0.3) { text += g.pick(["望京街道", "张江镇", "龙华街道", "西溪街道"]) }
        text += g.pick(["建国路", "中山路", "人民路", "解放大道", "科技园路", "滨江大道", "长安街", "文三路", "南京西路"]) + String(Int.random(in: 1...999, using: &g)) + "号"
        if g.chance(0.6) {
            text += g.pick(["阳光花园", "金地小区", "万科城", "现代城", "翠苑", "华府", "东方大厦"])
            text += String(Int.random(in: 1...30, using: &g)) + g.pick(["栋", "号楼", "幢"])
            if g.chance(0.5) { text += String(Int.random(in: 1...6, using: &g)) + "单元" }
            text += String(Int.random(in: 101...2808, using: &g)) + "室"
        }
        return text
    }

    static func englishAddress(_ g: inout SeededGenerator) -> String {
        var text = "\(Int.random(in: 1...9999, using: &g)) " + g.pick(["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill"])
            + " " + g.pick(["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard"])
        if g.chance(0.3) { text += ", Apt \(Int.random(in: 1...40, using: &g))" }
        if g.chance(0.6) { text += ", " + g.pick(["Springfield", "Seattle", "Boston", "Austin", "Denver"]) + ", " + g.pick(["IL", "WA", "MA", "TX", "CO"]) + " " + g.digits(5) }
        return text
    }

    static func organization(_ g: inout SeededGenerator) -> String {
        g.pick(["招商银行深圳分行", "中国建设银行", "华夏保险股份有限公司", "深圳市腾达科技有限公司", "杭州云帆网络有限公司",
                "中信证券股份有限公司", "平安保险", "浦发银行上海分行", "北京华联集团", "工商银行朝阳支行"])
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func grouped(_ text: String, by size: Int, separator: String) -> String {
        var output = ""
        for (index, character) in text.enumerated() {
            if index > 0 && index % size == 0 { output += separator }
            output.append(character)
        }
        return output
    }

    static func grouped344(_ number: String, _ separator: String) -> String {
        let a = Array(number)
        return String(a[0..<3]) + separator + String(a[3..<7]) + separator + String(a[7...])
    }

    /// ASCII digits and letters as their full-width forms (what some input methods produce).
    static func fullWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
        }))
    }
}

#if canImport(Glibc)
import Glibc
#endif
