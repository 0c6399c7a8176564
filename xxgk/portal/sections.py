"""The 政府信息公开 columns that Chinese government portals show, in their usual order."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    summary: str


SECTIONS = (
    Section("guide", "政府信息公开指南",
            "信息分类与编排、获取方式、受理机构名称、地址、办公时间、联系电话、传真和电子邮箱。"),
    Section("rules", "政府信息公开制度", "本机关政府信息公开、依申请公开、保密审查等工作制度。"),
    Section("statutory", "法定主动公开内容", "按《条例》第二十条、第二十一条应当主动公开的政府信息。"),
    Section("catalog", "政府信息公开目录", "主动公开政府信息的索引、名称、内容概述和生成日期。"),
    Section("apply", "依申请公开", "向行政机关申请获取政府信息的方式、渠道和办理流程。"),
    Section("reports", "政府信息公开年报", "各机关政府信息公开工作年度报告。"),
    Section("interaction", "政务互动", "领导信箱、咨询投诉、意见征集和在线访谈。"),
)

SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}

# 《条例》第二十条: the fifteen categories every agency publishes proactively.
ARTICLE_20_CATEGORIES = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)
