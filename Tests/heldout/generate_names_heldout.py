"""Writes names-heldout.jsonl: full names from Faker (zh_CN, and en_US) in everyday customer-
service sentences with no cue word next to the name (不是 我叫, 客户, 先生): 这笔钱是{}转给我的,
联系不上{}怎么办, {}刚才打过电话. Recall there rests on the surname lexicon and the given-name model
alone, which is where names leak.

Four splits: "tune", twenty templates the lexicon was adjusted while looking at (surnames and
given-name characters that were missing); "test", ten other templates and other names, measured
before and after without being looked at; "en", English first and last names (Faker's en_US) in ten
English sentences, looked at while common first names and surnames were added; "en-test", ten other
English sentences and other names, not looked at. Run it again (seeded: the same Faker version gives the
same file) with

    python3 -m venv /tmp/faker && /tmp/faker/bin/pip install faker
    /tmp/faker/bin/python Tests/heldout/generate_names_heldout.py

Each line: {"id", "split", "template", "text", "type", "start", "end"}, code-point offsets of the name.
"""
import faker

from heldout_io import labelled, write

SPLITS = {
    "tune": (5, 25, [
        "昨天和{}一起去的营业厅", "这笔钱是{}转给我的", "{}说她没收到验证码", "帮忙查下{}名下的保单", "{}的卡被冻结了",
        "告诉{}明天来签字", "我替{}来办业务", "{}和我是同事", "是{}让我打这个电话的", "转账给{}失败了",
        "{}在你们这开过户吗", "请问{}的贷款批了没有", "上周{}来过一次", "{}要求退保", "收到{}寄来的合同了",
        "我老婆{}也有一张卡", "联系不上{}怎么办", "{}是主卡人", "给{}打了三次电话都没人接", "这是{}的身份证复印件",
    ]),
    "en": (9, 30, [
        "{} called yesterday about the card", "Can you transfer the money to {}?", "The account belongs to {}",
        "{} says the payment failed", "I spoke with {} at the branch", "Please cancel the card for {}",
        "{} and I share this account", "Tell {} to call back", "The loan was approved for {}", "Did {} sign the form?",
    ]),
    "en-test": (10, 30, [
        "Is {} still on the account?", "{} moved to Texas last year", "The statement for {} never arrived",
        "We need {} to verify the transfer", "{} disputes the charge", "Why was {} charged twice?", "Send the refund to {} please",
        "{} forgot the online banking login", "I think {} opened a second account", "Has {} paid the invoice yet?",
    ]),
    "test": (6, 30, [
        "麻烦帮{}改一下密码", "{}上个月已经还清了", "我和{}是夫妻", "{}想办一张信用卡", "这份合同{}已经签过了",
        "听说{}的账户有异常", "能不能把钱退给{}", "{}刚才打过电话", "把{}加为受益人", "{}到现在还没收到卡",
    ]),
}


def main():
    records = []
    for split, (seed, per_template, templates) in SPLITS.items():
        names = faker.Faker("en_US" if split.startswith("en") else "zh_CN")
        names.seed_instance(seed)
        for template in templates:
            for _ in range(per_template):
                name = names.first_name() + " " + names.last_name() if split.startswith("en") else names.name()
                labelled(records, template.format(name), name, "PERSON", split=split, template=template)
    write(records, "names-heldout.jsonl", "names")


if __name__ == "__main__":
    main()
