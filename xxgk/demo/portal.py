"""The demo's 政务服务 block: the province's 政务服务网 and the district's common matters."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from xxgk.portal.services import service_block_save

LINKS = (("matter", "企业开办“一网通办”", "https://www.hnzwfw.gov.cn/"),
         ("matter", "社会保障卡申领", "https://www.hnzwfw.gov.cn/"),
         ("guide", "不动产登记办事指南", "https://www.hnzwfw.gov.cn/"),
         ("guide", "城乡居民医保参保指南", "https://www.hnzwfw.gov.cn/"),
         ("other", "12345政务服务便民热线", "https://www.hnzwfw.gov.cn/"))


def load_service_block(users) -> None:
    """Show the 河南政务服务网 entry on the home page, as the seed report found missing."""
    service_block_save(actor=users["admin"], at=datetime.combine(date(2021, 1, 4), time(9), ZoneInfo("Asia/Shanghai")),
                       title="政务服务", intro="西工区政务服务事项统一在河南政务服务网办理。", hotline="12345",
                       portal_url="https://www.hnzwfw.gov.cn/", is_visible=True,
                       links=[{"kind": k, "title": t, "url": u} for k, t, u in LINKS])
