"""Writes address-heldout.jsonl: Chinese postal addresses in the shapes people write them on a
delivery form or in a chat, which the Faker set (faker-heldout.jsonl) lacks: development zones and
parks between the district and the road (科技园南区, 经济技术开发区), road sections (天府大道北段), an
intersection instead of a number (花园路与农业路交叉口东北角), Shanghai lanes (1234弄5号), numbers
with a suffix (甲3号, 12-3号, 1号院), a named building, campus or hospital after the number, blocks,
units and rooms, and villages with their production group (李庄村三组).

Every component list is split in two halves by position: the "tune" split takes its words from
the first half, the "test" split from the second, so a recognizer adjusted while looking at the
tune split is measured on roads, buildings and places it has not seen. The "written" split is forty
addresses of public places written out by hand, each in three contexts. Run it again (seeded: the
same file every time) with

    python3 Tests/heldout/generate_address_heldout.py

Each line: {"id", "split", "shape", "text", "type", "start", "end"}, code-point offsets of the one
address in the text; the whole address must be masked for it to count.
"""
import random

from heldout_io import labelled, write

SEED = 11
PER_SHAPE = 40

# (province, city): province-level municipalities have no province part.
CITIES = [
    ("广东省", "深圳市"), ("江苏省", "苏州市"), ("浙江省", "杭州市"), ("四川省", "成都市"), ("湖北省", "武汉市"),
    ("河南省", "郑州市"), ("山东省", "青岛市"), ("福建省", "厦门市"), ("湖南省", "长沙市"), ("陕西省", "西安市"),
    ("安徽省", "合肥市"), ("", "北京市"), ("", "上海市"), ("辽宁省", "大连市"), ("江西省", "南昌市"),
    ("广东省", "广州市"), ("江苏省", "南京市"), ("浙江省", "宁波市"), ("河北省", "石家庄市"), ("云南省", "昆明市"),
    ("广西壮族自治区", "南宁市"), ("黑龙江省", "哈尔滨市"), ("", "天津市"), ("", "重庆市"), ("山西省", "太原市"),
    ("贵州省", "贵阳市"), ("吉林省", "长春市"), ("甘肃省", "兰州市"), ("海南省", "海口市"), ("福建省", "福州市"),
    ("河南省", "洛阳市"), ("湖南省", "衡阳市"), ("江苏省", "徐州市"), ("山东省", "潍坊市"), ("广东省", "东莞市"),
    ("四川省", "绵阳市"), ("湖北省", "宜昌市"), ("浙江省", "温州市"), ("河北省", "保定市"), ("安徽省", "芜湖市"),
]
DISTRICTS = [
    "南山区", "吴中区", "滨江区", "武侯区", "洪山区", "金水区", "市南区", "思明区", "岳麓区", "雁塔区",
    "蜀山区", "朝阳区", "浦东新区", "甘井子区", "红谷滩区", "天河区", "江宁区", "鄞州区", "长安区", "五华区",
    "青秀区", "南岗区", "和平区", "渝北区", "小店区", "观山湖区", "朝阳区", "城关区", "美兰区", "鼓楼区",
    "洛龙区", "蒸湘区", "云龙区", "奎文区", "南城区", "涪城区", "西陵区", "鹿城区", "莲池区", "镜湖区",
]
ZONES = [
    "科技园南区", "工业园区", "经济技术开发区", "高新技术产业开发区", "张江高科技园区", "软件园二期", "东湖新技术开发区",
    "综合保税区", "临空经济区", "大学城", "高新区", "自贸区片区", "生物医药产业园", "中关村软件园", "国际商务区",
    "经济开发区", "科学城", "光谷软件园", "出口加工区", "总部经济区",
]
ROADS = [
    "高新南七道", "星湖街", "江南大道", "建国路", "碧波路", "天府大道北段", "光谷大道", "花园路", "香港中路", "第三大街",
    "花城大道", "新牌坊二路", "观日路", "翠湖南路", "高新路", "东风中路", "湖光路", "麓山南路", "丰和中大道", "民族大道",
    "西大直街", "解放北路", "天童南路", "胜太路", "沂蒙路", "学院路", "漕溪北路", "中山东一路", "人民南路四段", "科苑路",
    "深南大道", "滨海大道", "金融街", "五四路", "体育西路", "长江路", "黄河东路", "文三路", "望京街", "劳动路",
]
CROSS_ROADS = [
    "农业路", "科技路", "红旗路", "青年大街", "中山路", "南京西路", "北京路", "东三环", "人民大道", "健康路",
    "经三路", "纬五路", "迎宾大道", "和平路", "建设大街", "新华路", "友谊路", "湘江中路", "二环路", "玉兰街",
]
NUMBERS = [
    "12号", "1700号", "88号", "1号院", "甲3号", "12-3号", "690号", "5号", "1188号", "77号",
    "328号", "3588号", "19号", "166号", "24号", "2号", "52号", "932号", "1099号", "136号",
    "92号", "588号", "68号", "37号", "8号", "乙16号", "45-2号", "210号", "9号院", "301号",
    "66号", "1001号", "15号", "400号", "7号", "丙2号", "1666号", "23号", "39号院", "518号",
]
BUILDINGS = [
    "创意产业园", "颐和国际", "高德置地广场", "环球中心", "高科大厦", "宁波文化广场", "圣爱大厦", "万科城", "华润大厦", "阳光花园",
    "世纪金融中心", "金地名京", "保利国际广场", "银泰中心", "绿地中心", "凯德广场", "恒隆广场", "中粮大悦城", "汇景新城", "翡翠湾",
    "东方明珠", "天安数码城", "嘉里中心", "星河时代", "中海国际社区", "碧桂园", "融创壹号院", "招商局大厦", "金茂府", "龙湖天街",
    "太古汇", "国贸三期", "财富中心", "滨江花园", "丽都国际", "锦绣江南", "新城国际", "金色家园", "荣华苑", "翠竹园",
]
INSTITUTIONS = [
    "中南大学新校区", "北京航空航天大学", "第一人民医院", "实验中学", "市妇幼保健院", "理工大学南校区", "师范大学附属小学",
    "中医药大学", "第三人民医院门诊楼", "外国语学院", "交通大学闵行校区", "科技大学东区", "市中心医院住院部", "农业大学",
    "第二中学", "职业技术学院", "儿童医院", "财经大学", "工业大学", "人民医院急诊楼",
]
TOWNS = ["汲冢镇", "石桥镇", "杨柳镇", "新集乡", "马庄镇", "龙王庙镇", "大店镇", "白鹤乡", "清河镇", "黄土坡乡",
         "柳林镇", "双河镇", "南湖乡", "太平镇", "东坝镇", "花园乡", "城关镇", "七里河镇", "高庙乡", "新店镇"]
VILLAGES = ["李庄村", "王家湾村", "前进村", "张堡村", "小河村", "刘集村", "东风村", "大王庄村", "红星村", "赵楼村",
            "新河村", "高台村", "孙家村", "杏花村", "西营村", "北沟村", "石门村", "朱庄村", "周寨村", "青山村"]
COUNTIES = ["郸城县", "沭阳县", "桐庐县", "郫县", "嘉鱼县", "巩义县", "平度县", "安溪县", "宁乡县", "蓝田县",
            "肥西县", "密云县", "崇明县", "庄河县", "进贤县", "增城县", "溧水县", "象山县", "正定县", "宜良县"]
GROUPS = ["一组", "二组", "三组", "4组", "五组", "6组", "七组", "8组", "九组", "十组"]
SUBDISTRICTS = ["长河街道", "龙溪街道", "秣陵街道", "金雀山街道", "粤海街道", "南湖街道", "五里店街道", "望京街道",
                "天府街道", "珞南街道", "解放街道", "城南街道", "湖滨街道", "西湖街道", "东门街道", "北站街道"]
DIRECTIONS = ["东北角", "西南侧", "东南角", "西北侧", "南侧", "北口", "往东50米", "东侧"]
UNITS = ["A座2201室", "B座1501", "8栋2单元501", "3号楼1单元602室", "12楼", "2201室", "5栋", "C座18层", "1号楼3单元1203",
         "W6区", "3期12栋", "B1栋1101室", "2单元302", "7号楼", "东区3栋", "南塔2008", "10层1002", "A区5栋601", "D座", "6楼608"]

CONTEXTS = [
    "地址：{}", "我家住在{}", "麻烦寄到{}，谢谢", "收货地址 {} 电话见备注", "{}", "合同请寄往{}。",
    "帮我把账单地址改成{}", "我现在住{}，离网点远", "新地址是{}，请更新", "快递放到{}就行", "家庭住址：{}",
    "单位地址：{}", "户籍地址是{}", "邮寄地址:{}（请勿上门）",
]


# Addresses of public places (malls, office towers, campuses, streets) written out by hand as people
# write them, not composed from the lists above: the "written" split, in three contexts each.
WRITTEN = [
    "北京市东城区东长安街1号东方广场W1座",
    "上海市黄浦区南京东路步行街",
    "深圳市福田区福华三路88号财富大厦",
    "浙江省杭州市西湖区文三路90号东部软件园",
    "广州市越秀区中山五路219号",
    "湖北省武汉市江汉区解放大道688号武汉广场",
    "福建省福州市鼓楼区五四路158号环球广场",
    "天津市和平区南京路189号",
    "新疆维吾尔自治区乌鲁木齐市沙依巴克区友好南路",
    "内蒙古自治区呼和浩特市赛罕区大学东街",
    "广西壮族自治区桂林市秀峰区中山中路",
    "江苏省苏州市姑苏区人民路3188号万达广场",
    "北京市西城区金融大街35号国际企业大厦C座",
    "上海市长宁区延安西路2299号上海世贸商城",
    "广东省东莞市南城区鸿福路200号海德广场",
    "江苏省昆山市玉山镇前进中路",
    "浙江省义乌市福田街道国际商贸城",
    "河南省郑州市郑东新区商务外环路",
    "福建省泉州市晋江市陈埭镇",
    "北京市大兴区亦庄经济技术开发区荣华南路",
    "河北省廊坊市三河市燕郊镇",
    "江苏省南京市玄武区中山路18号德基广场",
    "云南省大理白族自治州大理市古城复兴路",
    "安徽省合肥市包河区滨湖新区徽州大道",
    "吉林省延边朝鲜族自治州延吉市河南街",
    "福州市仓山区上渡路",
    "广东省深圳市宝安区西乡街道宝源路2004号名优工业品展示采购中心",
    "北京市朝阳区朝外大街乙6号朝外SOHO D座",
    "上海市静安区南京西路1266号恒隆广场1座42楼4201室",
    "四川省成都市武侯区人民南路四段1号",
    "浙江省杭州市余杭区五常街道文一西路969号阿里巴巴西溪园区",
    "广东省广州市海珠区新港中路397号",
    "湖南省长沙市岳麓区麓谷街道桐梓坡西路229号",
    "江苏省苏州市吴江区松陵镇",
    "河北省石家庄市桥西区自强路22号",
    "重庆市两江新区金开大道",
    "广东省惠州市惠阳区淡水街道",
    "北京市海淀区西二旗中路6号院",
    "上海市浦东新区世纪大道100号环球金融中心",
    "山东省烟台市芝罘区南大街",
]


def half(items, split):
    middle = len(items) // 2
    return items[:middle] if split == "tune" else items[middle:]


def pick(items, split):
    return random.choice(half(items, split))


def city_prefix(split, with_province=True):
    province, city = pick(CITIES, split)
    return (province if with_province else "") + city


SHAPES = {
    # 省市区 + zone + road + number (+ building or unit)
    "zone": lambda s: city_prefix(s) + pick(DISTRICTS, s) + pick(ZONES, s) + pick(ROADS, s) + pick(NUMBERS, s)
    + random.choice(["", pick(BUILDINGS, s), pick(UNITS, s)]),
    # a zone in place of the district
    "zone_only": lambda s: city_prefix(s) + pick(ZONES, s) + pick(ROADS, s) + pick(NUMBERS, s) + random.choice(["", pick(UNITS, s)]),
    # 省市区 + road + number + named building + unit
    "building": lambda s: city_prefix(s) + pick(DISTRICTS, s) + pick(ROADS, s) + pick(NUMBERS, s) + pick(BUILDINGS, s)
    + random.choice(["", pick(UNITS, s)]),
    # 省市区 + road + number + a campus, school or hospital
    "institution": lambda s: city_prefix(s) + pick(DISTRICTS, s) + pick(ROADS, s) + pick(NUMBERS, s) + pick(INSTITUTIONS, s),
    # an intersection instead of a number
    "intersection": lambda s: city_prefix(s) + pick(DISTRICTS, s) + pick(ROADS, s) + random.choice(["与", "和"])
    + pick(CROSS_ROADS, s) + random.choice(["交叉口", "交汇处", "路口"]) + random.choice(["", pick(DIRECTIONS, s)]),
    # 街道 between district and road
    "subdistrict": lambda s: city_prefix(s) + pick(DISTRICTS, s) + pick(SUBDISTRICTS, s) + pick(ROADS, s) + pick(NUMBERS, s)
    + random.choice(["", pick(UNITS, s)]),
    # a Shanghai lane: road, 弄, number, room
    "lane": lambda s: "上海市" + pick(DISTRICTS, s) + pick(ROADS, s) + str(random.randint(100, 1999)) + "弄"
    + str(random.randint(1, 99)) + "号" + random.choice(["", str(random.randint(101, 2604)) + "室"]),
    # a village and its production group
    "village": lambda s: city_prefix(s) + pick(COUNTIES, s) + pick(TOWNS, s) + pick(VILLAGES, s) + pick(GROUPS, s)
    + random.choice(["", str(random.randint(1, 99)) + "号"]),
    # the city without its province
    "no_province": lambda s: city_prefix(s, with_province=False) + pick(DISTRICTS, s) + pick(ROADS, s) + pick(NUMBERS, s)
    + random.choice(["", pick(BUILDINGS, s) + pick(UNITS, s)]),
}


def main():
    random.seed(SEED)
    records = []
    for split in ("tune", "test"):
        for shape, make in SHAPES.items():
            for _ in range(PER_SHAPE):
                address = make(split)
                labelled(records, random.choice(CONTEXTS).format(address), address, "ADDRESS", split=split, shape=shape)
    for address in WRITTEN:
        for context in ("地址：{}", "我住在{}，麻烦尽快", "{}"):
            labelled(records, context.format(address), address, "ADDRESS", split="written", shape="written")
    write(records, "address-heldout.jsonl", "addresses")


if __name__ == "__main__":
    main()
