"""Demo agencies of 洛阳市西工区: the district government, its departments and its 9 街道."""

from xxgk.core.credit_code import make_credit_code

# 410303 is 西工区's administrative division code; "11" marks an organ of state (机关).
REGION = "410303"
DEMO_PASSWORD = "xigong-demo-2020"


def org_code_check(body8: str) -> str:
    """Return the 组织机构代码 check character (GB 11714) for 8 digits."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    c = 11 - sum(int(d) * w for d, w in zip(body8, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def demo_credit_code(serial: int, prefix: str = "11") -> str:
    """Return a valid, deterministic credit code for demo agency number `serial`."""
    body8 = f"{41630000 + serial:08d}"
    return make_credit_code(prefix + REGION + body8 + org_code_check(body8))


GOVERNMENT = ("西工区人民政府", "西工区政府")

# (full name, short name) — the seed report names 区财政局, 区文化旅游局 and 消防大队.
DEPARTMENTS = (
    ("洛阳市西工区人民政府办公室", "区政府办"),
    ("洛阳市西工区发展和改革委员会", "区发改委"),
    ("洛阳市西工区教育局", "区教育局"),
    ("洛阳市西工区科技和工业信息化局", "区科工信局"),
    ("洛阳市西工区民政局", "区民政局"),
    ("洛阳市西工区司法局", "区司法局"),
    ("洛阳市西工区财政局", "区财政局"),
    ("洛阳市西工区人力资源和社会保障局", "区人社局"),
    ("洛阳市西工区住房和城乡建设局", "区住建局"),
    ("洛阳市西工区城市管理局", "区城管局"),
    ("洛阳市西工区农业农村局", "区农业农村局"),
    ("洛阳市西工区商务局", "区商务局"),
    ("洛阳市西工区文化广电和旅游局", "区文化旅游局"),
    ("洛阳市西工区卫生健康委员会", "区卫健委"),
    ("洛阳市西工区退役军人事务局", "区退役军人局"),
    ("洛阳市西工区应急管理局", "区应急管理局"),
    ("洛阳市西工区审计局", "区审计局"),
    ("洛阳市西工区市场监督管理局", "区市场监管局"),
    ("洛阳市西工区统计局", "区统计局"),
    ("洛阳市西工区医疗保障局", "区医保局"),
    ("洛阳市西工区信访局", "区信访局"),
    ("洛阳市西工区消防救援大队", "消防大队"),
)

SUBDISTRICTS = (
    ("洛阳市西工区王城路街道办事处", "王城路街道"),
    ("洛阳市西工区金谷园街道办事处", "金谷园街道"),
    ("洛阳市西工区西工街道办事处", "西工街道"),
    ("洛阳市西工区邙岭路街道办事处", "邙岭路街道"),
    ("洛阳市西工区唐宫路街道办事处", "唐宫路街道"),
    ("洛阳市西工区汉屯路街道办事处", "汉屯路街道"),
    ("洛阳市西工区凯旋东路街道办事处", "凯旋东路街道"),
    ("洛阳市西工区道北路街道办事处", "道北路街道"),
    ("洛阳市西工区洛北街道办事处", "洛北街道"),
)

# A few 社区 under 金谷园街道, so the tree has its fourth level.
COMMUNITIES = (
    ("金谷园街道金谷园社区居民委员会", "金谷园社区"),
    ("金谷园街道道南社区居民委员会", "道南社区"),
)

GOVERNMENT_CONTACT = {
    "office_name": "西工区人民政府办公室信息公开股（政府信息公开受理处）",
    "address": "河南省洛阳市西工区纱厂南路2号",
    "postcode": "471000",
    "office_hours": "法定工作日 上午8:30-12:00，下午14:30-17:30",
    "phone": "0379-63221234",
    "fax": "0379-63221235",
    "email": "xgqzfxxgk@example.gov.cn",
    "website": "https://www.lyxg.example.gov.cn",
}

# username, full name, role, agency key ("gov", "dept:<short>", "sub:<short>")
STAFF = (
    ("admin", "系统管理员", "sysadmin", "gov"),
    ("gongkaiban", "王公开", "supervisor", "gov"),
    ("jingban", "李经办", "handler", "gov"),
    ("shenhe", "赵审核", "reviewer", "gov"),
    ("fuze", "孙负责", "approver", "gov"),
    ("czj_jingban", "周财政", "handler", "dept:区财政局"),
    ("czj_fuze", "吴财政", "approver", "dept:区财政局"),
    ("jgy_jingban", "郑金谷", "handler", "sub:金谷园街道"),
    ("jgy_gongkaiban", "钱金谷", "supervisor", "sub:金谷园街道"),
)

# username, kind, name, org type, credit code serial (organisations only)
APPLICANTS = (
    ("zhangsan", "natural", "张三", "", None),
    ("lisi", "natural", "李四", "", None),
    ("huayu_qiye", "legal", "洛阳华宇商贸有限公司", "business", 901),
    ("mingde_lvshi", "legal", "河南明德律师事务所", "legal_service", 902),
)
