"""Writes faker-heldout.jsonl: a held-out masking set whose values come from Faker (zh_CN and en_US),
not from Hegui's own generator, in sentence templates Hegui's generator does not use; and
faker-heldout-negatives.jsonl: texts full of numbers that are not personal (barcodes, ISBNs,
order and tracking numbers, amounts, dates, versions, registration numbers, service hotlines).

The Swift test `HeldOutCorpusTests` measures recall on the first and false findings on the second, so the recognizers are checked against
values written by someone else's idea of an address, a company or a phone number. Run it again
(seeded: the same Faker version gives the same file) with

    python3 -m venv /tmp/faker && /tmp/faker/bin/pip install faker
    /tmp/faker/bin/python Tests/heldout/generate_faker_heldout.py

Faker values that are not real formats are left out, with the rule that drops them below.
Each line: {"id", "text", "type", "start", "end"} with code-point offsets of the one labelled value.
"""
import datetime
import json
from datetime import timedelta
from types import SimpleNamespace
import os
import random
import re

import faker
import faker.providers.ssn.zh_CN as zh_cn_ssn

# Resident IDs carry a birth date that Faker counts back from today: pin "today", so the same
# Faker version gives the same file on any day.
class _FixedToday(datetime.date):
    @classmethod
    def today(cls):
        return cls(2026, 11, 1)


zh_cn_ssn.datetime = SimpleNamespace(date=_FixedToday, timedelta=timedelta)

SEED = 7
PER_TEMPLATE_SET = 200
random.seed(SEED)
zh = faker.Faker("zh_CN")
zh.seed_instance(SEED)
en = faker.Faker("en_US")
en.seed_instance(SEED)

# GA 36: the letter after the province character is never I or O.
REAL_PLATE = re.compile(r"^.[A-HJ-NP-Z]")

records = []


def add(kind, value, templates):
    text = random.choice(templates).format(value)
    start = text.index(value)
    records.append({"id": len(records), "text": text, "type": kind, "start": start, "end": start + len(value)})


for _ in range(PER_TEMPLATE_SET):
    add("PERSON", zh.name(), ["您好，我是{}，想咨询一下", "{}的账户被冻结了", "请帮{}查一下余额", "联系人：{}"])
    add("PHONE", zh.phone_number(), ["我的电话是{}", "手机{}，请回电", "打{}找我"])
    add("CN_ID", zh.ssn(), ["身份证号{}", "证件号码：{}。", "我的身份证是{}"])
    add("ADDRESS", zh.address(), ["我住在{}", "寄到{}", "地址：{}"])
    add("ORG", zh.company(), ["我在{}上班", "{}的员工", "单位是{}"])
    add("BANK_CARD", zh.credit_card_number(), ["卡号{}", "我的信用卡{}丢了", "银行卡：{}"])
    add("EMAIL", zh.email(), ["邮箱{}", "发到{}就行"])
    add("IPV4", zh.ipv4_public(), ["登录IP {}", "异地登录，IP是{}"])
    plate = zh.license_plate()
    while not REAL_PLATE.match(plate):
        plate = zh.license_plate()
    add("CN_PLATE", plate, ["车牌号{}", "我的车是{}"])
    # first + last: en.name() adds titles and degrees (Mrs., MD), which are not the name.
    add("PERSON", en.first_name() + " " + en.last_name(), ["My name is {}.", "Hi, this is {} calling about my card", "Dear {}, your card has shipped"])
    add("US_SSN", en.ssn(), ["SSN {}", "my social security number is {}"])
    add("PHONE", en.phone_number(), ["call me at {}", "my phone: {}"])
    add("ADDRESS", en.street_address(), ["I live at {}, " + en.city(), "ship it to {}"])
    add("ORG", en.company(), ["I work for {}", "my employer is {}"])
    add("IBAN", en.iban(), ["IBAN {}", "wire it to IBAN {} please"])

negatives = []


def distractor(kind, text):
    negatives.append({"id": len(negatives), "kind": kind, "text": text})


# Faker's random Chinese "sentences" are strings of unrelated words, not text anyone writes: left out.
for _ in range(PER_TEMPLATE_SET):
    distractor("ean13", f"商品条码{zh.ean13()}，请核对")
    distractor("isbn", f"ISBN {en.isbn13()}")
    distractor("uuid", f"request id {en.uuid4()}")
    distractor("amount", f"本月账单金额{random.randint(1, 99999)}.{random.randint(0, 99):02d}元，最低还款{random.randint(1, 9999)}元")
    distractor("order", f"订单号{random.randint(10**15, 10**19)}已发货")
    distractor("tracking", f"快递单号SF{random.randint(10**11, 10**13)}")
    # Fixed bounds: Faker's "this decade" depends on today, and the file must not.
    distractor("datetime", f"交易时间{zh.date_time_between(datetime.datetime(2020, 1, 1), datetime.datetime(2029, 12, 31)).strftime('%Y-%m-%d %H:%M:%S')}")
    distractor("version", f"App版本{random.randint(1, 12)}.{random.randint(0, 30)}.{random.randint(0, 99)}")
    distractor("price", f"the total is ${random.randint(1, 99999)}.{random.randint(0, 99):02d} for order #{random.randint(10**8, 10**12)}")
    distractor("hours", f"营业时间{random.randint(8, 10)}:00-{random.randint(17, 21)}:30，周一至周五")
    distractor("sentence", en.sentence(nb_words=14))
    distractor("rate", f"年化利率{random.randint(1, 24)}.{random.randint(0, 99):02d}%，期限{random.choice([3, 6, 12, 24, 36])}期")
    distractor("hotline", random.choice(["客服电话95588", "请拨打95533", "信用卡中心400-820-8788", "热线800-830-8880"]))
    distractor("licence", f"营业执照注册号{random.randint(10**14, 10**15 - 1)}")

folder = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(folder, "faker-heldout-negatives.jsonl"), "w", encoding="utf-8") as output:
    for record in negatives:
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"{len(negatives)} texts without personal information written")

# More types, drawn after the sets above so adding them left those values unchanged.
# Hegui's bank-card rule covers 13 to 19 digits: 12-digit Maestro numbers and the retired 15-digit
# JCB ranges (1800, 2131) are left out.
for _ in range(PER_TEMPLATE_SET):
    add("IPV6", en.ipv6(), ["登录IP {}", "source address {} blocked"])
    birth = zh.date_between(datetime.date(1946, 1, 1), datetime.date(2008, 10, 31))
    add("DATE_OF_BIRTH", random.choice([birth.strftime("%Y-%m-%d"), f"{birth.year}年{birth.month}月{birth.day}日", birth.strftime("%Y/%m/%d")]),
        ["出生日期{}", "我的生日是{}", "date of birth: {}", "DOB {}"])
    add("PASSPORT", en.passport_number(), ["passport number {}", "my passport no. is {}"])
    add("AUTH_SECRET", str(random.randint(100000, 999999)), ["验证码{}，请勿泄露", "your verification code is {}", "短信验证码：{}"])
    add("AUTH_SECRET", en.password(length=10, special_chars=False), ["密码是{}", "my password is {}"])
    card = en.credit_card_number()
    while len(card) < 13 or (len(card) == 15 and card.startswith(("1800", "2131"))):
        card = en.credit_card_number()
    add("BANK_CARD", card, ["card number {}", "信用卡号{}"])

path = os.path.join(folder, "faker-heldout.jsonl")
with open(path, "w", encoding="utf-8") as output:
    for record in records:
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"{len(records)} records (Faker {faker.VERSION}) written to {path}")
