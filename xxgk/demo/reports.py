"""Demo report inputs: the 2020 section 二 figures 西工区 took from other systems, and its narrative."""

from datetime import datetime
from zoneinfo import ZoneInfo

from xxgk.reports.services import report_draft_save, report_figures_save

AT = datetime(2021, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# Entered by the office from the systems that hold them (the seed report's section 二); the
# 第二十条第（一）项 rows come from the catalogue (xxgk/demo/items.py).
FIGURES_2020 = {
    ("t2_art20_5", "licensing"): [67, 25, 24092],
    ("t2_art20_5", "other_services"): [184, 56, 1351],
    ("t2_art20_6", "penalty"): [1238, -53, 948],
    ("t2_art20_6", "coercion"): [25, 1, 1],
    ("t2_art20_8", "fees"): [14, 0],
    ("t2_art20_9", "central_procurement"): [9, "1723.2952"],
}
SOURCE = "区政务服务中心、区市场监管局、区财政局等业务系统2020年度统计"

NARRATIVE_2020 = {
    "s5": ("一是基层政务公开标准化规范化工作仍需深化；二是政务新媒体管理有待加强；三是门户网站尚不具备统一登录功能、"
           "政务服务网模块未在首页展示、未对搜索结果进行分类展现，IPv6改造尚未完成。下一步，我区将继续完善标准目录，"
           "加强政务新媒体日常监管，推进门户网站功能改造。"),
}


def load_2020_report_inputs(gov) -> None:
    """Enter the 2020 figures and the problems section, as the office would."""
    report_figures_save(agency=gov, year=2020, figures=FIGURES_2020, source=SOURCE, at=AT)
    report_draft_save(agency=gov, year=2020, narrative=NARRATIVE_2020, at=AT)
