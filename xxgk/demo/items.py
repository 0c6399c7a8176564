"""Demo catalogue items of 2020: a 规范性文件 with its 解读, and some ordinary items, through the review flow."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from xxgk.catalog.services import item_create, item_publish, item_submit, review_initial, review_signoff

TZ = ZoneInfo("Asia/Shanghai")

ORDINARY_2020 = (
    ("2020-03-16", "西工区2020年政府信息公开工作要点", "综合政务/政务公开", "通知", 15, ["portal"]),
    ("2020-06-08", "西工区2020年城镇老旧小区改造计划", "城乡建设、环境保护/城乡建设（含住房）", "计划", 3, ["portal", "wechat"]),
    ("2020-08-21", "西工区2020年第二季度行政许可办理结果", "综合政务/其他", "公告", 5, ["portal"]),
    ("2020-11-13", "西工区脱贫攻坚惠民政策问答", "民政、扶贫、救灾/扶贫", "工作动态", 11, ["portal", "wechat"]),
)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=TZ)


def _through(item, users, day: date):
    item_submit(item=item, actor=users["jingban"], at=_at(day))
    review_initial(item=item, actor=users["shenhe"], approve=True, comment="经初审，不涉密，可以公开。", at=_at(day))
    review_signoff(item=item, actor=users["fuze"], approve=True, comment="同意发布。", at=_at(day))


def load_2020_items(gov, users) -> None:
    """Create and publish the demo's 2020 items (the 规范性文件 goes out with its 解读)."""
    from xxgk.monitoring.models import Channel

    wechat = [Channel.objects.get(agency=gov, kind="account", name="西工发布")]
    for day_text, title, subject, genre, category, channels in ORDINARY_2020:
        day = date.fromisoformat(day_text)
        item = item_create(agency=gov, actor=users["jingban"], at=_at(day), title=title, written_on=day, formed_on=day,
                           subject=subject, genre=genre, art20_category=category, channels=channels,
                           outlets=wechat if "wechat" in channels else [], summary=title, body=f"<p>{title}。</p>")
        _through(item, users, day)
        item_publish(item=item, actor=users["fuze"], today=day, at=_at(day))
    day = date(2020, 9, 15)
    housing = "城乡建设、环境保护/城乡建设（含住房）"
    doc = item_create(agency=gov, actor=users["jingban"], at=_at(day), title="西工区城镇老旧小区改造实施办法",
                      doc_number="西政〔2020〕12号", written_on=day, formed_on=day, doc_kind="normative", genre="办法",
                      subject=housing, art20_category=1, channels=["portal", "gazette"],
                      summary="规定老旧小区改造的范围、程序和资金保障。",
                      body="<p>第一条 为推进城镇老旧小区改造，制定本办法。</p>")
    reading = item_create(agency=gov, actor=users["jingban"], at=_at(day),
                          title="《西工区城镇老旧小区改造实施办法》政策解读", written_on=day, formed_on=day,
                          genre="政策解读", subject=housing, art20_category=1, channels=["portal", "wechat"],
                          interprets=doc, summary="解读办法的出台背景、主要内容和实施要求。", body="<p>一、出台背景……</p>")
    _through(doc, users, day)
    _through(reading, users, day)
    item_publish(item=doc, actor=users["fuze"], today=day, at=_at(day))


def load_standard_catalogue(gov, users, subdistricts) -> None:
    """Entries for 23 areas adopted by the district and a 乡级 set for each of the 9 街道 (as the seed reports)."""
    from xxgk.catalog.models import CatalogArea, CatalogEntry
    from xxgk.catalog.services.standard import catalog_entry_adopt

    at = _at(date(2020, 6, 30))
    areas = list(CatalogArea.objects.order_by("position")[:23])
    for area in areas:
        for level1, level2, elements in (
            (f"{area.name}政策文件", "法律法规及规范性文件", f"{area.name}领域的法律、法规、规章和规范性文件"),
            (f"{area.name}办事服务", "办事指南", f"{area.name}领域事项的办理依据、条件、程序、时限和结果"),
        ):
            entry = CatalogEntry.objects.create(area=area, level1=level1, level2=level2, elements=elements,
                                                basis="《中华人民共和国政府信息公开条例》", subject="西工区人民政府及相关部门",
                                                channels="政府网站、政务新媒体", level="县级")
            catalog_entry_adopt(agency=gov, entry=entry, actor=users["gongkaiban"], at=at)
    township_entries = [CatalogEntry.objects.create(
        area=area, level1=f"{area.name}基层服务", level2="办理结果", elements=f"街道办理的{area.name}事项及结果",
        subject="街道办事处", channels="社区公示栏、政府网站", level="乡级") for area in areas[:5]]
    for subdistrict in subdistricts:
        for entry in township_entries:
            catalog_entry_adopt(agency=subdistrict, entry=entry, actor=users["gongkaiban"], at=at)


# The seed: 1038 items on the portal in 2020, of which 569 政务信息 and 250 重点领域.
PORTAL_2020 = ((569, "工作动态", "综合政务/政务公开", 15, "西工区{n}月政务工作动态（{i}）", "西工资讯"),
               (250, "通知", "城乡建设、环境保护/城乡建设（含住房）", 13, "西工区重点领域信息公开：{topic}（第{i}期）",
                "重点领域信息公开"),
               (219, "公告", "综合政务/其他", 5, "西工区行政许可和公共服务事项公告（第{i}期）", "通知公告"))
TOPICS = ("棚户区改造", "义务教育", "社会救助", "就业创业", "食品安全", "生态环境", "安全生产", "扶贫脱贫")


def portal_2020_csv() -> bytes:
    """Return a deterministic ledger of the portal's other 2020 items (the ones not created above)."""
    import csv
    import io

    from xxgk.catalog.services.imports import COLUMNS

    existing = len(ORDINARY_2020) + 2  # items created through the review flow, the 规范性文件 and its 解读
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    produced = 0
    for count, genre, subject, category, pattern, column in PORTAL_2020:
        for i in range(1, count + 1):
            if produced >= 1038 - existing:
                break
            day = date(2020, 1, 2) + (date(2020, 12, 28) - date(2020, 1, 2)) * i // count
            title = pattern.format(n=day.month, i=i, topic=TOPICS[i % len(TOPICS)])
            writer.writerow({"信息名称": title, "成文日期": day.isoformat(), "发布日期": day.isoformat(),
                             "主题分类": subject, "体裁": genre, "第二十条类别": category, "内容概述": title,
                             "正文": f"<p>{title}。</p>", "发布渠道": column})
            produced += 1
    return buffer.getvalue().encode("utf-8")


def load_portal_2020(gov, users) -> None:
    """Import the rest of 2020's portal record through the bulk import."""
    from xxgk.catalog.services.imports import items_import

    items_import(agency=gov, name="portal-2020.csv", data=portal_2020_csv(), actor=users["fuze"],
                 at=_at(date(2021, 1, 5)))
