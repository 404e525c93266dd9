"""Writes faker-heldout.jsonl: a held-out masking set whose values come from Faker (zh_CN and en_US),
not from Hegui's own generator, in sentence templates Hegui's generator does not use.

The Swift test `HeldOutCorpusTests` measures recall on it, so the recognizers are checked against
values written by someone else's idea of an address, a company or a phone number. Run it again
(seeded: the same Faker version gives the same file) with

    python3 -m venv /tmp/faker && /tmp/faker/bin/pip install faker
    /tmp/faker/bin/python Tests/heldout/generate_faker_heldout.py

Faker values that are not real formats are left out, with the rule that drops them below.
Each line: {"id", "text", "type", "start", "end"} with code-point offsets of the one labelled value.
"""
import json
import os
import random
import re

import faker

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

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "faker-heldout.jsonl")
with open(path, "w", encoding="utf-8") as output:
    for record in records:
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
print(f"{len(records)} records (Faker {faker.VERSION}) written to {path}")
