"""The demo's 2020 interaction record (120 letters, 12 interviews, the 十四五 consultation, a survey)
and its channels (portal columns, the 9 WeChat accounts and the closed ones, 225 submissions / 157 used)."""

import csv
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from xxgk.interaction import services as ix
from xxgk.monitoring import services as mon
from xxgk.platform.selectors import work_calendar

TZ = ZoneInfo("Asia/Shanghai")

# (box, letters in 2020, reply limit in working days) — the seed: 市长信箱, 连线政府, 区长信箱, 120 in all.
BOXES = (("市长信箱", 48, 10, "洛阳市市长信箱转来的留言，由区政府办理答复。"),
         ("连线政府", 42, 10, "“连线政府”热线和网络平台转来的诉求。"),
         ("区长信箱", 30, 10, "向西工区区长反映问题、提出建议。"))
TOPICS = ("老旧小区加装电梯", "背街小巷路灯维修", "小学入学政策咨询", "社区养老服务", "占道经营整治",
          "供暖时间咨询", "公交线路调整建议", "垃圾分类投放点", "就业创业补贴申领", "棚户区改造进度")
# 交办 down to a 街道 or 转办 to a department: (every n-th letter, agency key, handler username)
ROUTES = ((4, "sub:金谷园街道", "jgy_jingban"), (5, "dept:区财政局", "czj_jingban"))

INTERVIEWS = ("副中心城市建设中的西工担当", "基层社会治理创新", "教育教学质量提升", "老旧小区改造惠民生",
              "优化营商环境", "脱贫攻坚决胜全面小康", "疫情防控常态化", "文明城市创建", "就业创业政策解读",
              "食品安全监管", "“十四五”规划编制", "民生实事办理情况")

ACCOUNTS = (  # (agency key, account name) — the 9 WeChat accounts kept after the 2020 clean-up
    ("gov", "西工发布"), ("dept:区教育局", "西工教育"), ("dept:区卫健委", "健康西工"), ("dept:区人社局", "西工人社"),
    ("dept:区城管局", "西工城管"), ("dept:区市场监管局", "西工市场监管"), ("dept:区应急管理局", "西工应急"),
    ("sub:王城路街道", "王城路街道"), ("sub:凯旋东路街道", "凯旋东路街道"))
CLOSED = (("dept:区财政局", "西工财政", date(2020, 3, 31)), ("dept:区文化旅游局", "西工文旅", date(2020, 5, 29)),
          ("dept:消防大队", "西工消防", date(2020, 6, 30)), ("sub:金谷园街道", "金谷园街道", date(2020, 8, 31)))
WECHAT_POSTS_2020 = 3300
COLUMNS = (("首页", "home"), ("西工资讯", "news"), ("通知公告", "notice"), ("政策文件", "policy"),
           ("重点领域信息公开", "other"), ("基层政务公开标准目录", "other"))
SUBMITTED_2020, USED_2020 = 225, 157


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _spread(n: int, i: int, start: date = date(2020, 1, 2), end: date = date(2020, 12, 18)) -> date:
    return start + (end - start) * i // n


def load_messages_2020(by_key, users) -> None:
    """120 letters across the three boxes, each answered within its limit; some handed down or transferred."""
    gov = by_key["gov"]
    calendar = work_calendar()
    serial = 0
    for name, count, days, description in BOXES:
        box = ix.message_box_save(agency=gov, actor=users["gongkaiban"], at=_at(date(2020, 1, 2)), name=name,
                                  reply_workdays=days, description=description)
        for i in range(count):
            serial += 1
            day = _spread(count, i)
            while not calendar.is_working_day(day):
                day += timedelta(days=1)
            topic = TOPICS[serial % len(TOPICS)]
            letter = ix.Letter(writer_name=f"市民{serial:03d}", contact=f"1390379{serial:04d}", subject=topic,
                               body=f"关于{topic}的问题，希望有关部门尽快答复。我的电话是1390379{serial:04d}。",
                               wants_public=serial % 3 == 0)
            message, _ = ix.message_submit(box=box, letter=letter, at=_at(day, 9), address="")
            handler = users["jingban"]
            for every, key, username in ROUTES:
                if serial % every == 0:
                    message = ix.message_transfer(message=message, to_agency=by_key[key], actor=users["jingban"],
                                                  at=_at(day, 11), assign=key.startswith("sub:"),
                                                  note=f"请{by_key[key].name}办理。")
                    handler = users[username]
                    break
            replied = calendar.add_working_days(day, 2 + serial % (days - 2))
            message = ix.message_reply(message=message, actor=handler, today=replied, at=_at(replied, 15),
                                       reply=f"您好！关于“{topic}”，经核实，我们已安排专人办理，具体情况如下……感谢您的关注。")
            if message.wants_public:
                ix.message_publish(message=message, actor=handler, at=_at(replied, 16))
            if serial % 2 == 0:
                ix.message_rate(message=message, rating=5 if serial % 10 else 4, at=_at(replied, 20))


def load_open_messages(by_key, users, *, today: date) -> None:
    """Two letters of the last days still open, so the 待办 and the reminders have something to show."""
    box = by_key["gov"].message_boxes.get(name="区长信箱")
    calendar = work_calendar()
    day = today
    for n, topic in enumerate(("小区停车位规划", "学校周边交通安全")):
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
        ix.message_submit(box=box, letter=ix.Letter(writer_name=f"网民{n + 1}", contact=f"demo{n}@example.cn",
                                                    subject=topic, body=f"建议关注{topic}。", wants_public=True),
                          at=_at(day, 9), address="")
        day -= timedelta(days=3)


def load_participation_2020(by_key, users) -> None:
    """12 interviews, the 十四五 consultation with its feedback, and the 脱贫攻坚 survey."""
    gov = by_key["gov"]
    staff = users["jingban"]
    for i, topic in enumerate(INTERVIEWS):
        day = date(2020, i + 1, 20)
        ix.interview_save(agency=gov, actor=staff, at=_at(day), held_on=day, topic=topic,
                          guests="西工区有关部门负责同志", summary=f"围绕“{topic}”，嘉宾介绍了工作进展并回答网友提问。")
    consultation = ix.consultation_create(
        agency=gov, actor=staff, at=_at(date(2020, 10, 15)), title="西工区“十四五”规划意见建议征集",
        description="为科学编制西工区国民经济和社会发展第十四个五年规划，现面向社会公开征集意见建议。",
        opens_on=date(2020, 10, 15), closes_on=date(2020, 11, 15), feedback_days=30)
    suggestions = (("加快老旧小区改造，完善社区养老设施。", True, ""), ("建设更多口袋公园。", True, ""),
                   ("发展夜间经济，打造特色街区。", True, ""), ("增加中小学学位供给。", True, ""),
                   ("推进智慧城市建设。", True, ""),
                   ("修建地铁直达各街道。", False, "轨道交通规划属市级事权，已转报市有关部门。"),
                   ("取消所有停车收费。", False, "停车收费依据省市价格政策执行，区级无权取消。"),
                   ("在洛河上新建机场。", False, "不符合国土空间规划和上位规划。"))
    for n, (text, adopted, reason) in enumerate(suggestions):
        comment = ix.consultation_comment(consultation=consultation, writer_name=f"网民{n + 1}", body=text,
                                          today=date(2020, 10, 20 + n), at=_at(date(2020, 10, 20 + n)))
        ix.comment_moderate(comment=comment, actor=staff, approve=True, at=_at(date(2020, 11, 16)))
        ix.comment_decide(comment=comment, actor=staff, adopted=adopted, reason=reason, at=_at(date(2020, 11, 20)))
    ix.consultation_publish_feedback(
        consultation=consultation, actor=staff, today=date(2020, 12, 10), at=_at(date(2020, 12, 10)),
        feedback="征集期间收到的意见建议已逐条研究，采纳的意见已吸收进规划纲要草案，未采纳的意见已说明理由。")
    survey = ix.survey_create(
        agency=gov, actor=staff, at=_at(date(2020, 8, 1)), title="西工区脱贫攻坚成效问卷调查",
        opens_on=date(2020, 8, 1), closes_on=date(2020, 8, 31), questions=[
            {"kind": "single", "text": "您对本区脱贫攻坚工作是否满意？", "options": ["满意", "基本满意", "不满意"]},
            {"kind": "multiple", "text": "您了解哪些帮扶政策？", "options": ["产业扶贫", "就业扶贫", "教育扶贫", "健康扶贫"]},
            {"kind": "text", "text": "您的其他意见建议"}])
    for n in range(30):
        ix.survey_respond(survey=survey, today=date(2020, 8, 2 + n % 28), at=_at(date(2020, 8, 2 + n % 28)), answers={
            "1": ["满意", "基本满意", "不满意"][0 if n % 5 else (1 if n % 10 else 2)],
            "2": [o for k, o in enumerate(["产业扶贫", "就业扶贫", "教育扶贫", "健康扶贫"]) if (n + k) % 3],
            "3": "希望继续巩固成果。" if n % 4 == 0 else ""})


def _posts_csv(name: str, days: list[date]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["日期", "标题", "链接", "账号"])
    writer.writeheader()
    for n, day in enumerate(days, start=1):
        writer.writerow({"日期": day.isoformat(), "标题": f"{name}：{day.month}月{day.day}日推送（{n}）",
                         "链接": f"https://mp.example.cn/{name}/{day.isoformat()}/{n}", "账号": name})
    return buffer.getvalue().encode("utf-8")


def load_channels(by_key, users, *, today: date) -> None:
    """Portal columns, the 9 accounts with their 2020 posts (3300) and recent ones, and the 4 accounts closed in 2020."""
    gov, actor = by_key["gov"], users["gongkaiban"]
    start = date(2019, 1, 1)
    for name, column_class in COLUMNS:
        mon.channel_register(agency=gov, actor=actor, kind="column", name=name, column_class=column_class,
                             started_on=start, at=_at(date(2020, 1, 2)))
    for key, name, closed_on in CLOSED:
        channel = mon.channel_register(agency=by_key[key], actor=actor, kind="account", platform="wechat", name=name,
                                       account_id=name, started_on=start, at=_at(date(2020, 1, 2)))
        mon.channel_set_status(channel=channel, actor=actor, status="closed", on=closed_on, at=_at(closed_on),
                               reason="根据政务新媒体清理整合要求注销关停。")
    per_account, extra = divmod(WECHAT_POSTS_2020, len(ACCOUNTS))
    for n, (key, name) in enumerate(ACCOUNTS):
        mon.channel_register(agency=by_key[key], actor=actor, kind="account", platform="wechat", name=name,
                             account_id=name, started_on=start, at=_at(date(2020, 1, 2)))
        count = per_account + (1 if n < extra else 0)
        days = [_spread(count, i, date(2020, 1, 1), date(2020, 12, 31)) for i in range(count)]
        # Recent posts: all accounts but two are current; one nears the 2-week line, one has crossed it.
        days += _recent(today, {7: 11, 8: 20}.get(n, 1))
        mon.channel_updates_import(agency=by_key[key], actor=actor, name=f"{name}.csv", data=_posts_csv(name, days),
                                   at=_at(max(today, date(2021, 1, 1))))
    # The portal's CMS export for the recent weeks (2020's columns are filled by the catalogue import).
    for name, gap in (("西工资讯", 1), ("通知公告", 3), ("政策文件", 170), ("重点领域信息公开", 2), ("基层政务公开标准目录", 5)):
        days = _recent(today, gap)
        if days:
            mon.channel_updates_import(agency=gov, actor=actor, name=f"{name}.csv", data=_posts_csv(name, days),
                                       at=_at(max(today, date(2021, 1, 1))))


def _recent(today: date, gap: int) -> list[date]:
    """Five posts every other day, the latest `gap` days before today (none before 2021)."""
    return [d for d in (today - timedelta(days=gap + 2 * k) for k in range(5)) if d > date(2020, 12, 31)]


def load_submissions_2020(gov, users) -> None:
    """225 items submitted to the city portal in 2020, 157 of them used."""
    for n in range(SUBMITTED_2020):
        day = _spread(SUBMITTED_2020, n)
        s = mon.submission_record(agency=gov, actor=users["jingban"], title=f"西工区政务信息第{n + 1}期",
                                  target="洛阳市人民政府网站信息报送系统", submitted_on=day, at=_at(day))
        used = n * USED_2020 // SUBMITTED_2020 != (n + 1) * USED_2020 // SUBMITTED_2020
        mon.submission_decide(submission=s, actor=users["jingban"], used=used, decided_on=day + timedelta(days=2),
                              at=_at(day + timedelta(days=2)))
