"""Channel registry, staleness rules, the daily check, update imports and feeds, 报送/采用."""

import http.server
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from xxgk.catalog.models import Item
from xxgk.monitoring import services as mon
from xxgk.monitoring.feeds import FeedError, fetch_feed, parse_feed
from xxgk.monitoring.models import ChannelUpdate, MonitoringAlert
from xxgk.monitoring.rules import add_months, evaluate, rule_for
from xxgk.monitoring.selectors import channel_checks, last_updates, submission_counts
from xxgk.monitoring.sweeps import raise_alerts
from xxgk.platform.daily import daily_run
from xxgk.platform.errors import IllegalTransition, InvalidInput

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=TZ).replace(hour=hour)


def test_rules_are_data_and_thresholds_fall_on_the_right_day():
    rule = rule_for("account", date(2020, 6, 1))
    assert (rule.days, rule.warn_before_days, rule.veto) == (14, 4, True)
    last = date(2020, 6, 1)
    verdicts = {day: evaluate(rule, last_update=last, started_on=last, today=day).state
                for day in (date(2020, 6, 11), date(2020, 6, 12), date(2020, 6, 15), date(2020, 6, 16))}
    # Two full weeks (6月2日–15日) without an update: stale from 6月16日, warned from 6月12日.
    assert verdicts == {date(2020, 6, 11): "ok", date(2020, 6, 12): "warning", date(2020, 6, 15): "warning",
                        date(2020, 6, 16): "stale"}
    policy = rule_for("policy", date(2020, 6, 1))
    states = [evaluate(policy, last_update=date(2020, 8, 31), started_on=date(2020, 1, 1), today=d).state
              for d in (date(2021, 2, 13), date(2021, 2, 28), date(2021, 3, 1))]
    assert states == ["ok", "warning", "stale"]  # six months end on 2月28日 (no 2月31日)
    assert add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)


@pytest.fixture
def account(world):
    return mon.channel_register(agency=world.x, actor=world.users["handler_x"], kind="account", platform="wechat",
                                name="测试财政", started_on=date(2020, 1, 1), at=at(date(2020, 1, 1)))


def test_stale_account_is_caught_by_the_sweep_on_the_right_day(world, account, mailoutbox):
    mon.channel_record_update(channel=account, actor=world.users["handler_x"], on=date(2020, 6, 1), title="推送",
                              at=at(date(2020, 6, 1)))
    assert daily_run(today=date(2020, 6, 11), now=at(date(2020, 6, 11))).results["channel_checks"]["warnings"] == 0
    warned = daily_run(today=date(2020, 6, 12), now=at(date(2020, 6, 12))).results["channel_checks"]
    assert warned["warnings"] == 1 and warned["alerts"] == 0
    again = daily_run(today=date(2020, 6, 13), now=at(date(2020, 6, 13))).results["channel_checks"]
    assert again["warnings"] == 0  # warned once per threshold, not every day
    assert daily_run(today=date(2020, 6, 15), now=at(date(2020, 6, 15))).results["channel_checks"]["alerts"] == 0
    crossed = daily_run(today=date(2020, 6, 16), now=at(date(2020, 6, 16))).results["channel_checks"]
    assert crossed["alerts"] == 1
    alert = MonitoringAlert.objects.get(level="stale")
    assert (alert.rule_id, alert.stale_on, alert.last_update) == ("account_stale", date(2020, 6, 16), date(2020, 6, 1))
    # An update after the alert restarts the clock.
    mon.channel_record_update(channel=account, actor=world.users["handler_x"], on=date(2020, 6, 17), title="推送",
                              at=at(date(2020, 6, 17)))
    check = next(c for c in channel_checks(today=date(2020, 6, 17)) if c.channel == account)
    assert check.state == "ok" and check.last_update == date(2020, 6, 17)


def test_alert_mail_goes_to_the_gongkaiban(world, account, mailoutbox, django_capture_on_commit_callbacks):
    world.users["supervisor_root"].email = "gkb@example.cn"
    world.users["supervisor_root"].save()
    with django_capture_on_commit_callbacks(execute=True):
        daily_run(today=date(2020, 3, 1), now=at(date(2020, 3, 1)))
    from django_tasks_db.models import DBTaskResult

    queued = [r for r in DBTaskResult.objects.all() if "gkb@example.cn" in str(r.args_kwargs)]
    assert queued and "测试财政" in str(queued[0].args_kwargs)


def test_closed_account_is_kept_with_its_history_and_not_checked(world, account):
    with pytest.raises(InvalidInput, match="原因"):
        mon.channel_set_status(channel=account, actor=world.users["handler_x"], status="closed", on=date(2020, 5, 1),
                               reason="", at=at(date(2020, 5, 1)))
    mon.channel_set_status(channel=account, actor=world.users["handler_x"], status="closed", on=date(2020, 5, 1),
                           reason="整合关停", at=at(date(2020, 5, 1)))
    with pytest.raises(IllegalTransition):
        mon.channel_set_status(channel=account, actor=world.users["handler_x"], status="closed", on=date(2020, 5, 2),
                               reason="再次", at=at(date(2020, 5, 2)))
    account.refresh_from_db()
    assert account.status == "closed"
    assert list(account.status_changes.values_list("status", flat=True)) == ["active", "closed"]
    assert all(c.channel != account for c in channel_checks(today=date(2020, 12, 1)))


def test_portal_columns_update_from_the_catalogue_and_the_home_page_follows(world):
    from xxgk.catalog.services import item_create, item_publish, item_submit, review_initial, review_signoff

    actor = world.users["handler_x"]
    news = mon.channel_register(agency=world.root, actor=world.users["supervisor_root"], kind="column", name="政务动态",
                                column_class="news", started_on=date(2020, 1, 1), at=at(date(2020, 1, 1)))
    home = mon.channel_register(agency=world.root, actor=world.users["supervisor_root"], kind="column", name="首页",
                                column_class="home", started_on=date(2020, 1, 1), at=at(date(2020, 1, 1)))
    empty = mon.channel_register(agency=world.root, actor=world.users["supervisor_root"], kind="column", name="空栏目",
                                 column_class="other", started_on=date(2020, 1, 1), at=at(date(2020, 1, 1)))
    day = date(2020, 6, 1)
    item = item_create(agency=world.x, actor=actor, at=at(day), title="财政局动态", written_on=day, formed_on=day,
                       subject="综合政务/政务公开", genre="工作动态", art20_category=15, outlets=[news])
    assert item.channels == ["portal"] and list(item.outlets.all()) == [news]
    item_submit(item=item, actor=actor, at=at(day))
    review_initial(item=item, actor=world.users["reviewer_x"], approve=True, comment="可以", at=at(day))
    review_signoff(item=item, actor=world.users["approver_x"], approve=True, comment="同意", at=at(day))
    item_publish(item=Item.objects.get(pk=item.pk), actor=world.users["approver_x"], today=day, at=at(day))
    last = last_updates([news, home, empty], today=date(2020, 6, 10))
    assert last == {news.pk: day, home.pk: day, empty.pk: None}
    checks = {c.channel: c for c in channel_checks(today=date(2020, 6, 20)) if c.channel}
    assert checks[news].state == "stale" and checks[home].state == "stale"
    assert [e.rule.id for e in checks[empty].evaluations if e.state == "stale"] == ["empty_column"]
    other = mon.channel_register(agency=world.y, actor=world.users["handler_y"], kind="account", platform="wechat",
                                 name="教育号", started_on=date(2020, 1, 1), at=at(date(2020, 1, 1)))
    with pytest.raises(InvalidInput, match="不是本机关或上级机关"):
        item_create(agency=world.x, actor=actor, at=at(day), title="x", written_on=day, formed_on=day,
                    subject="综合政务/政务公开", genre="工作动态", art20_category=15, outlets=[other])


def test_update_import_is_all_or_nothing(world, account):
    good = "日期,标题,链接,账号\n2020-06-01,第一条,https://mp.example.cn/1,测试财政\n2020-06-02,第二条,,测试财政\n"
    bad = good + "2020-13-01,坏日期,,测试财政\n2020-06-03,别人的,,不存在的号\n"
    with pytest.raises(mon.UpdatesRejected) as exc:
        mon.channel_updates_import(agency=world.x, actor=world.users["handler_x"], name="u.csv", data=bad.encode(),
                                   at=at(date(2020, 7, 1)))
    assert len(exc.value.problems) == 2 and "第4行" in exc.value.problems[0]
    assert ChannelUpdate.objects.count() == 0
    added = mon.channel_updates_import(agency=world.x, actor=world.users["handler_x"], name="u.csv", data=good.encode(),
                                       at=at(date(2020, 7, 1)))
    assert added == 2
    # The same export again adds only what is new (rows with a link are recognised).
    again = mon.channel_updates_import(agency=world.x, actor=world.users["handler_x"], name="u.csv",
                                       data=good.encode(), at=at(date(2020, 7, 1)))
    assert again == 1 and account.updates.count() == 3


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>测试</title><id>urn:x</id><updated>2020-06-05T08:00:00Z</updated>
<entry><title>新闻一</title><id>urn:1</id><link href="https://example.cn/1"/><updated>2020-06-05T08:00:00Z</updated></entry>
<entry><title>新闻二</title><id>urn:2</id><link href="https://example.cn/2"/><published>2020-06-03T08:00:00+08:00</published></entry>
</feed>""".encode()
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://example.cn/a</link><pubDate>Tue, 02 Jun 2020 08:00:00 +0800</pubDate></item>
</channel></rss>"""


def test_feed_parsing():
    assert [(e.on, e.title, e.external_id) for e in parse_feed(ATOM)] == [
        (date(2020, 6, 5), "新闻一", "urn:1"), (date(2020, 6, 3), "新闻二", "urn:2")]
    assert [(e.on, e.url) for e in parse_feed(RSS)] == [(date(2020, 6, 2), "https://example.cn/a")]
    with pytest.raises(FeedError):
        parse_feed(b"<html>not a feed</html>")
    with pytest.raises(FeedError):
        parse_feed(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><rss>&a;</rss>')


@pytest.fixture
def feed_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            body = ATOM if self.path == "/feed" else b"nope"
            self.send_response(200 if self.path == "/feed" else 404)
            self.send_header("Content-Type", "application/atom+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_feed_is_fetched_by_the_worker_task(world, feed_server):
    from xxgk.monitoring.tasks import fetch_channel_feed

    channel = mon.channel_register(agency=world.x, actor=world.users["handler_x"], kind="account", platform="weibo",
                                   name="测试微博", feed_url=f"{feed_server}/feed", started_on=date(2020, 1, 1),
                                   at=at(date(2020, 1, 1)))
    assert fetch_channel_feed.call(channel_id=channel.pk) == {"added": 2}
    assert fetch_channel_feed.call(channel_id=channel.pk) == {"added": 0}
    assert last_updates([channel], today=date(2020, 6, 30))[channel.pk] == date(2020, 6, 5)
    with pytest.raises(FeedError, match="无法获取"):
        fetch_feed(f"{feed_server}/missing", timeout=5)
    with pytest.raises(FeedError, match="http"):
        fetch_feed("file:///etc/passwd")


def test_submissions_are_counted_per_year(world):
    actor = world.users["handler_x"]
    for n in range(4):
        s = mon.submission_record(agency=world.x, actor=actor, title=f"信息{n}", target="市政府网站",
                                  submitted_on=date(2020, 12, 30 + n % 2) if n < 3 else date(2021, 1, 4),
                                  at=at(date(2021, 1, 5)))
        if n < 2:
            mon.submission_decide(submission=s, actor=actor, used=n == 0, decided_on=date(2021, 1, 5),
                                  at=at(date(2021, 1, 5)))
    with pytest.raises(InvalidInput, match="早于报送日期"):
        mon.submission_decide(submission=s, actor=actor, used=True, decided_on=date(2020, 1, 1), at=at(date(2021, 1, 5)))
    assert submission_counts(world.x, 2020) == {"submitted": 3, "used": 1, "pending": 1}
    assert submission_counts(world.x, 2021)["submitted"] == 1


def test_dashboard_and_checks_api(client, world, account):
    raise_alerts(today=date(2020, 3, 1))
    client.force_login(world.users["handler_x"])
    assert client.get("/workspace/channels/dashboard/").status_code == 403
    assert "测试财政" in client.get("/workspace/channels/").content.decode()
    client.force_login(world.users["supervisor_root"])
    page = client.get("/workspace/channels/dashboard/").content.decode()
    assert "测试财政" in page and "政务新媒体2周未更新" in page and "<svg" in page
    checks = client.get("/api/v1/monitoring/checks", {"on": "2020-03-01"}).json()
    found = next(c for c in checks if c["label"] == "测试财政")
    assert found["state"] == "stale" and found["findings"][0]["rule"] == "account_stale"
    assert found["findings"][0]["stale_on"] == (date(2020, 1, 1) + timedelta(days=15)).isoformat()
