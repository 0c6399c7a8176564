"""Controlled vocabularies of the catalogue: 第二十条 categories, 主题分类, 体裁, 公开属性, 有效性, channels."""

from xxgk.core.outcomes import report_formats
from xxgk.portal.sections import ARTICLE_20_CATEGORIES

ART20_CHOICES = [(i, f"（{'一二三四五六七八九十'[i - 1] if i <= 10 else '十' + '一二三四五'[i - 11]}）{text}")
                 for i, text in enumerate(ARTICLE_20_CATEGORIES, start=1)]
GENRES = ["通知", "公告", "通告", "意见", "办法", "规定", "决定", "报告", "规划", "计划", "方案", "政策解读", "工作动态", "其他"]
DISCLOSURE = [("active", "主动公开"), ("on_request", "依申请公开"), ("not_disclosed", "不予公开")]
VALIDITY = [("valid", "有效"), ("expired", "失效"), ("repealed", "废止")]
DOC_KINDS = [("", "其他信息"), ("regulation", "规章"), ("normative", "行政规范性文件")]
CHANNELS = [("portal", "门户网站"), ("wechat", "政务新媒体"), ("gazette", "政府公报"), ("other", "其他")]


def subject_choices() -> list[tuple[str, str]]:
    """Return 'top/second' pairs of the State Council subject tree."""
    tree = report_formats()["metadata"]["subject_classification"]["tree"]
    choices = []
    for top, seconds in tree.items():
        if top == "国务院组织机构":
            continue
        choices += [(f"{top}/{s}", f"{top} / {s}") for s in seconds] or [(top, top)]
    return choices
