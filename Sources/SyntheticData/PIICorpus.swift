import Masking

/// A seeded generator of labelled, mixed Chinese/English customer-service messages for measuring
/// masking precision and recall, and for the masking benchmark. The same seed gives the same corpus
/// on every machine.
///
/// It is made hard on purpose: names without cue words, numbers grouped and ungrouped, full-width
/// digits, numbers glued to Chinese text, and distractors in the same messages (amounts, dates,
/// times, order and serial numbers, bank service numbers, words that begin with a surname).
public enum PIICorpus {
    typealias Template = @Sendable (inout MessageBuilder, inout SeededGenerator) -> Void

    /// `count` messages from `seed`.
    public static func generate(count: Int, seed: UInt64 = 20_261_121) -> [LabelledMessage] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { message(id: $0, using: &generator) }
    }

    static func message(id: Int, using g: inout SeededGenerator) -> LabelledMessage {
        var builder = MessageBuilder()
        let english = g.chance(0.2)
        let parts = Int.random(in: 1...3, using: &g)
        for part in 0..<parts {
            if part > 0 { builder.add(english ? " " : g.pick(["，", "。", "；", " ", ""])) }
            if g.chance(0.3) { g.pick(english ? englishDistractors : distractors)(&builder, &g) }
            g.pick(english ? englishTemplates : templates)(&builder, &g)
        }
        if g.chance(0.4) { builder.add(english ? " " : "，"); g.pick(english ? englishDistractors : distractors)(&builder, &g) }
        builder.add(english ? g.pick([".", "?", " Thanks.", ""]) : g.pick(["。", "？", "，谢谢。", "", "！"]))
        return LabelledMessage(id: id, text: builder.text, spans: builder.spans)
    }

    /// A number as typed: sometimes full-width.
    static func typed(_ value: String, _ g: inout SeededGenerator) -> String {
        g.chance(0.12) ? PIIValues.fullWidth(value) : value
    }

    static let templates: [Template] = [
        { b, g in b.add(g.pick(["我叫", "我是", "本人", "客户", "持卡人", "联系人"])); b.add(.person, PIIValues.chineseName(&g)); b.add(g.pick(["，", "", "，想问一下"])) },
        { b, g in b.add(.person, PIIValues.chineseName(&g)); b.add(g.pick(["的信用卡被冻结了", "昨天来网点办过业务", "的贷款还没批下来", "要求退保", "说没收到短信"])) },
        { b, g in b.add(g.pick(["帮", "替"])); b.add(.person, PIIValues.chineseName(&g)); b.add(g.pick(["查一下账单", "改一下预留手机号", "挂失"])) },
        { b, g in b.add(.person, PIIValues.chineseNameParts(&g).surname); b.add(g.pick(["先生", "女士", "经理"])); b.add(g.pick(["您好", "来电咨询", "的申请已受理"])) },
        { b, g in b.add(.person, PIIValues.chineseName(&g)); b.add("、"); b.add(.person, PIIValues.chineseName(&g)); b.add(g.pick(["和", "、"])); b.add(.person, PIIValues.chineseName(&g)); b.add("都是共同借款人") },
        { b, g in b.add(g.pick(["手机", "手机号", "电话", "联系电话：", "我的号码是", "打"])); b.add(.phone, typed(PIIValues.mobile(&g), &g)) },
        { b, g in b.add(.phone, PIIValues.mobile(&g)); b.add(g.pick(["是我的新号码", "这个号收不到验证码", "已停机"])) },
        { b, g in b.add(g.pick(["座机", "办公电话", "家里电话"])); b.add(.phone, PIIValues.landline(&g)) },
        { b, g in b.add(g.pick(["身份证号", "身份证", "证件号码：", "身份证号码是"])); b.add(.residentID, typed(PIIValues.residentID(&g), &g)) },
        { b, g in b.add(.residentID, PIIValues.residentID(&g)); b.add("这个身份证号对吗") },
        { b, g in b.add(g.pick(["卡号", "银行卡", "信用卡", "尾号不对，完整卡号是", "借记卡"])); b.add(.bankCard, typed(PIIValues.bankCard(&g), &g)); b.add(g.pick(["已冻结", "被盗刷了", "", "无法还款"])) },
        { b, g in b.add(g.pick(["邮箱", "邮件发到", "电子邮箱："])); b.add(.email, PIIValues.email(&g)) },
        { b, g in b.add(g.pick(["登录IP", "异常登录地址", "IP是"])); b.add(.ipv4, PIIValues.ipv4(&g)) },
        { b, g in b.add("IPv6地址"); b.add(.ipv6, PIIValues.ipv6(&g)) },
        { b, g in b.add(g.pick(["统一社会信用代码", "营业执照号", "信用代码："])); b.add(.unifiedSocialCreditCode, PIIValues.uscc(&g)) },
        { b, g in b.add(g.pick(["护照号", "护照", "护照号码："])); b.add(.passport, PIIValues.passport(&g)) },
        { b, g in b.add(g.pick(["港澳通行证", "回乡证", "往来港澳通行证号"])); b.add(.travelPermit, PIIValues.permit(&g)) },
        { b, g in b.add(g.pick(["车牌", "车牌号", "我的车"])); b.add(.vehiclePlate, PIIValues.plate(&g)); b.add(g.pick(["被剐了", "要办ETC", ""])) },
        { b, g in b.add(g.pick(["收款账号", "对公账户", "账号："])); b.add(.bankAccount, PIIValues.account(&g)) },
        { b, g in b.add(g.pick(["验证码", "短信验证码是", "动态码"])); b.add(.authSecret, g.digits(6)) },
        { b, g in b.add(g.pick(["密码是", "登录密码", "密码："])); b.add(.authSecret, PIIValues.password(&g)) },
        { b, g in b.add("卡片有效期"); b.add(.authSecret, PIIValues.expiry(&g)); b.add("，CVV "); b.add(.authSecret, g.digits(3)) },
        { b, g in b.add(g.pick(["出生日期", "生日是", "出生日期："])); b.add(.dateOfBirth, PIIValues.birthDate(&g)) },
        { b, g in b.add(g.pick(["住在", "地址：", "寄到", "收货地址", "家住"])); b.add(.address, PIIValues.address(&g)) },
        { b, g in b.add(g.pick(["我在", "客户在", ""])); b.add(.organization, PIIValues.organization(&g)); b.add(g.pick(["开的户", "办的贷款", "买的保险"])) },
    ]

    static let englishTemplates: [Template] = [
        { b, g in b.add("Hi, my name is "); b.add(.person, g.pick(PIIValues.englishFirst) + " " + g.pick(PIIValues.englishLast)) },
        { b, g in b.add(g.pick(["Mr. ", "Ms. ", "Dr. "])); b.add(.person, g.pick(PIIValues.englishLast)); b.add(" called about the account") },
        { b, g in b.add(.person, PIIValues.pinyinName(&g)); b.add(g.pick([" opened an account", " lost the card", " asked for a refund"])) },
        { b, g in b.add("please call me at "); b.add(.phone, PIIValues.northAmerican(&g)) },
        { b, g in b.add("email "); b.add(.email, PIIValues.email(&g)) },
        { b, g in b.add("card "); b.add(.bankCard, PIIValues.bankCard(&g)); b.add(" was declined") },
        { b, g in b.add("SSN "); b.add(.usSSN, PIIValues.ssn(&g)) },
        { b, g in b.add("IBAN "); b.add(.iban, PIIValues.iban(&g)) },
        { b, g in b.add("ship it to "); b.add(.address, PIIValues.englishAddress(&g)) },
        { b, g in b.add("login from "); b.add(.ipv4, PIIValues.ipv4(&g)) },
        { b, g in b.add("passport number "); b.add(.passport, PIIValues.passport(&g)) },
        { b, g in b.add("the verification code is "); b.add(.authSecret, g.digits(6)) },
    ]

    static let distractors: [Template] = [
        { b, g in b.add("金额" + String(Int.random(in: 10...99_999, using: &g)) + "." + g.digits(2) + "元") },
        { b, g in b.add("订单号" + "2026" + g.digits(16)) },
        { b, g in b.add("交易时间2026-" + PIIValues.two(Int.random(in: 1...12, using: &g)) + "-" + PIIValues.two(Int.random(in: 1...28, using: &g)) + " " + PIIValues.two(Int.random(in: 0...23, using: &g)) + ":" + PIIValues.two(Int.random(in: 0...59, using: &g)) + ":" + PIIValues.two(Int.random(in: 0...59, using: &g))) },
        { b, g in b.add(g.pick(["客服热线95588", "请拨打95533", "信用卡中心400-820-5555", "请致电800-820-8820", "紧急情况请拨110"])) },
        { b, g in b.add(g.pick(["很高兴为您服务", "您的余额不足", "周末也正常营业", "马上为您处理", "黄金价格今天上涨", "常用功能在首页", "任何问题都可以咨询", "方便的话请稍等", "关于费用的问题", "申请已提交"])) },
        { b, g in b.add("流水号" + "8" + g.digits(15)) },
        { b, g in b.add("尾号" + g.digits(4) + "的卡") },
        { b, g in b.add("利率" + String(Int.random(in: 2...6, using: &g)) + "." + g.digits(2) + "%，分" + String(Int.random(in: 3...36, using: &g)) + "期") },
        { b, g in b.add("版本" + "\(Int.random(in: 1...9, using: &g)).\(Int.random(in: 0...9, using: &g)).\(Int.random(in: 0...9, using: &g)).\(Int.random(in: 0...9, using: &g)).\(Int.random(in: 0...99, using: &g))") },
        { b, g in b.add("工单编号" + "GD" + g.digits(10)) },
    ]

    static let englishDistractors: [Template] = [
        { b, g in b.add("the amount was $" + String(Int.random(in: 10...9999, using: &g)) + "." + g.digits(2)) },
        { b, g in b.add("order #" + g.digits(12)) },
        { b, g in b.add("on 2026-" + PIIValues.two(Int.random(in: 1...12, using: &g)) + "-" + PIIValues.two(Int.random(in: 1...28, using: &g))) },
        { b, g in b.add(g.pick(["He Said it was fine", "Thank You", "Customer Service", "Grace period ends soon", "Happy New Year"])) },
    ]
}
