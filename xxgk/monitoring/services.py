"""Monitoring services: register channels, change their status, record and import updates, 报送/采用."""

from datetime import date, datetime

from django.db import IntegrityError, transaction

from xxgk.agencies.models import Agency
from xxgk.cases.ledger import read_table
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import IllegalTransition, InvalidInput
from xxgk.platform.policy import can

from .feeds import FeedEntry
from .models import Channel, ChannelStatusChange, ChannelUpdate, Submission

UPDATE_COLUMNS = ("日期", "标题", "链接", "账号")


class UpdatesRejected(InvalidInput):
    """An update file with problems; nothing was imported. `problems` lists them by row."""

    def __init__(self, problems: list[str]):
        super().__init__("更新记录文件有误，未导入任何记录：" + "；".join(problems[:10]))
        self.problems = problems


def _require(actor, action: str, agency: Agency, message: str) -> None:
    if not can(actor, action, agency):
        raise InvalidInput(message)


def channel_register(*, agency: Agency, actor, kind: str, name: str, started_on: date, at: datetime,
                     column_class: str = "", platform: str = "", account_id: str = "", url: str = "",
                     feed_url: str = "", request=None) -> Channel:
    """Register a portal column (with its class) or a new-media account (with its platform)."""
    _require(actor, "channel.manage", agency, f"只有“{agency.name}”的工作人员或公开办可以登记渠道。")
    if kind not in dict(Channel.KINDS):
        raise InvalidInput("渠道类型应为门户网站栏目或政务新媒体账号。", field="kind")
    if not name.strip():
        raise InvalidInput("请填写名称。", field="name")
    if kind == "column" and column_class not in dict(Channel.COLUMN_CLASSES):
        raise InvalidInput("请选择栏目类别（首页、动态要闻类、通知公告类、政策文件类或其他栏目）。", field="column_class")
    if kind == "account" and platform not in dict(Channel.PLATFORMS):
        raise InvalidInput("请选择新媒体平台。", field="platform")
    if feed_url and not feed_url.startswith(("http://", "https://")):
        raise InvalidInput("订阅地址须以 http:// 或 https:// 开头。", field="feed_url")
    try:
        with transaction.atomic():
            channel = Channel.objects.create(
                agency=agency, kind=kind, name=name.strip(), column_class=column_class if kind == "column" else "",
                platform=platform if kind == "account" else "", account_id=account_id.strip(), url=url.strip(),
                feed_url=feed_url.strip(), started_on=started_on, status_on=started_on, created_at=at)
            ChannelStatusChange.objects.create(channel=channel, status="active", on=started_on, reason="开通",
                                               actor=actor, at=at)
            audit_record(action="channel.register", at=at, actor=actor, request=request, target=channel, agency=agency)
    except IntegrityError as exc:
        raise InvalidInput(f"“{agency.name}”已登记同名的{dict(Channel.KINDS)[kind]}。", field="name") from exc
    return channel


def channel_set_status(*, channel: Channel, actor, status: str, on: date, reason: str, at: datetime,
                       request=None) -> Channel:
    """Suspend, close (关停注销) or reopen a channel; the change and its reason are kept in its history."""
    _require(actor, "channel.manage", channel.agency, "只有本机关工作人员或公开办可以变更渠道状态。")
    if status not in dict(Channel.STATUSES):
        raise InvalidInput("状态无效。", field="status")
    if status == channel.status:
        raise IllegalTransition(f"该渠道已是“{channel.get_status_display()}”状态。")
    if status != "active" and not reason.strip():
        raise InvalidInput("暂停或关停须写明原因。", field="reason")
    if on < channel.started_on:
        raise InvalidInput("变更日期不能早于开通日期。", field="on")
    with transaction.atomic():
        channel.status, channel.status_on = status, on
        channel.save(update_fields=["status", "status_on"])
        ChannelStatusChange.objects.create(channel=channel, status=status, on=on, reason=reason.strip(), actor=actor,
                                           at=at)
        audit_record(action="channel.status", at=at, actor=actor, request=request, target=channel,
                     agency=channel.agency, data={"status": status, "on": on.isoformat()})
    return channel


def _store_updates(channel: Channel, entries: list[FeedEntry], source: str, at: datetime) -> int:
    known = set(channel.updates.exclude(external_id="").values_list("external_id", flat=True))
    fresh = [ChannelUpdate(channel=channel, on=e.on, title=e.title or "（无标题）", url=e.url, source=source,
                           external_id=e.external_id, created_at=at)
             for e in entries if not e.external_id or e.external_id not in known]
    ChannelUpdate.objects.bulk_create(fresh)
    return len(fresh)


def channel_record_update(*, channel: Channel, actor, on: date, title: str, url: str = "", at: datetime,
                          request=None) -> ChannelUpdate:
    """Enter one update of a channel by hand (new-media posts the platform does not export)."""
    _require(actor, "channel.manage", channel.agency, "只有本机关工作人员或公开办可以登记更新。")
    if not title.strip():
        raise InvalidInput("请填写更新标题。", field="title")
    if on > at.date():
        raise InvalidInput("更新日期不能晚于今天。", field="on")
    with transaction.atomic():
        update = ChannelUpdate.objects.create(channel=channel, on=on, title=title.strip()[:300], url=url.strip()[:500],
                                              source="manual", created_at=at)
        audit_record(action="channel.update", at=at, actor=actor, request=request, target=channel,
                     agency=channel.agency)
    return update


def channel_updates_import(*, agency: Agency, actor, name: str, data: bytes, at: datetime,
                           channel: Channel | None = None, request=None) -> int:
    """Import update records from a platform's CSV/XLSX export (日期, 标题, 链接, 账号): every row or none."""
    _require(actor, "channel.manage", agency, f"只有“{agency.name}”的工作人员或公开办可以导入更新记录。")
    try:
        headers, rows = read_table(name, data)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    unknown = [h for h in headers if h and h not in UPDATE_COLUMNS]
    if unknown or "日期" not in headers or "标题" not in headers:
        raise UpdatesRejected([f"第1行：表头应为{'、'.join(UPDATE_COLUMNS)}（日期、标题必填）。"])
    channels = {c.name: c for c in agency.channels.all()}
    problems, parsed = [], []
    for line, row in rows:
        target = channel or channels.get(row.get("账号", "").strip())
        if target is None:
            problems.append(f"第{line}行：账号“{row.get('账号', '').strip()}”未在本机关登记。")
            continue
        try:
            day = date.fromisoformat(row.get("日期", "").strip()[:10])
        except ValueError:
            problems.append(f"第{line}行：日期“{row.get('日期', '')}”格式不正确（应为YYYY-MM-DD）。")
            continue
        if day > at.date():
            problems.append(f"第{line}行：日期晚于今天。")
            continue
        title = row.get("标题", "").strip()
        if not title:
            problems.append(f"第{line}行：标题不能为空。")
            continue
        url = row.get("链接", "").strip()
        parsed.append((target, FeedEntry(on=day, title=title[:300], url=url[:500], external_id=url[:500])))
    if problems or not parsed:
        raise UpdatesRejected(problems or ["文件中没有任何更新记录。"])
    with transaction.atomic():
        total = 0
        for target in {c for c, _ in parsed}:
            total += _store_updates(target, [e for c, e in parsed if c == target], "import", at)
        audit_record(action="channel.import", at=at, actor=actor, request=request, agency=agency,
                     data={"file": name, "updates": total})
    return total


def channel_store_feed(*, channel: Channel, entries: list[FeedEntry], at: datetime) -> int:
    """Store the entries fetched from a channel's feed; entries seen before are skipped."""
    with transaction.atomic():
        added = _store_updates(channel, entries, "feed", at)
        audit_record(action="channel.feed", at=at, actor_label="worker", target=channel, agency=channel.agency,
                     data={"added": added})
    return added


def submission_record(*, agency: Agency, actor, title: str, target: str, submitted_on: date, at: datetime,
                      item_index_number: str = "", request=None) -> Submission:
    """Record one item submitted (报送) to a superior portal."""
    _require(actor, "submission.record", agency, f"只有“{agency.name}”的工作人员可以登记报送。")
    if not title.strip() or not target.strip():
        raise InvalidInput("请填写信息标题和报送平台。", field="title")
    with transaction.atomic():
        submission = Submission.objects.create(agency=agency, title=title.strip()[:300], target=target.strip()[:100],
                                               submitted_on=submitted_on, item_index_number=item_index_number.strip(),
                                               created_by=actor, created_at=at)
        audit_record(action="submission.record", at=at, actor=actor, request=request, target=submission, agency=agency)
    return submission


def submission_decide(*, submission: Submission, actor, used: bool, decided_on: date, at: datetime, note: str = "",
                      request=None) -> Submission:
    """Record the superior portal's decision (采用 or not) on a submission."""
    _require(actor, "submission.record", submission.agency, "只有报送机关的工作人员可以登记采用情况。")
    if decided_on < submission.submitted_on:
        raise InvalidInput("采用日期不能早于报送日期。", field="decided_on")
    with transaction.atomic():
        submission.decision, submission.decided_on = ("used" if used else "not_used"), decided_on
        submission.note = note.strip()[:300]
        submission.save(update_fields=["decision", "decided_on", "note"])
        audit_record(action="submission.decide", at=at, actor=actor, request=request, target=submission,
                     agency=submission.agency, data={"used": used})
    return submission
