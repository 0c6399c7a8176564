"""Statutory deadlines of disclosure work (条例第26、30–34条) over a WorkCalendar. Pure.

Conventions (xxgk's, stated in rules.md): the start day is not counted, day 1 is the next
working day; a pause skips its working days; an extension counts on from the original due date.
"""

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from enum import StrEnum
from importlib import resources

from .workdays import ONE_DAY, DayNote, Pause, WorkCalendar


class DeadlineInputError(ValueError):
    """Input that cannot give a deadline; the message is a complete Chinese sentence."""


@dataclass(frozen=True)
class DeadlineRules:
    """One version of the statutory time limits, in working days."""

    effective_from: date
    basis: str
    reply_workdays: int
    extension_max_workdays: int
    supplement_notice_workdays: int
    consultation_workdays: int
    fee_payment_workdays: int
    proactive_workdays: int


def load_rule_versions() -> tuple[DeadlineRules, ...]:
    """Return the packaged rule versions, oldest first."""
    raw = json.loads(resources.files("xxgk.core").joinpath("data/deadline_rules.json").read_text("utf-8"))
    versions = [
        DeadlineRules(**{**v, "effective_from": date.fromisoformat(v["effective_from"])}) for v in raw["versions"]
    ]
    return tuple(sorted(versions, key=lambda r: r.effective_from))


RULE_VERSIONS = load_rule_versions()


def rules_for(day: date, versions: tuple[DeadlineRules, ...] = RULE_VERSIONS) -> DeadlineRules:
    """Return the rule version in force on `day` (the one an application received that day keeps)."""
    applicable = [r for r in versions if r.effective_from <= day]
    if not applicable:
        raise DeadlineInputError(f"{day} 早于现行规则的施行日期 {versions[0].effective_from}，无法计算期限。")
    return applicable[-1]


class Channel(StrEnum):
    """How an application arrived (条例第31条)."""

    IN_PERSON = "in_person"
    POST = "post"
    ORDINARY_MAIL = "ordinary_mail"
    ONLINE = "online"
    FAX = "fax"
    EMAIL = "email"


CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST: "邮寄（需签收）",
    Channel.ORDINARY_MAIL: "平常信函",
    Channel.ONLINE: "网络平台",
    Channel.FAX: "本机关传真",
    Channel.EMAIL: "电子邮件",
}


def receipt_date(
    channel: Channel | str,
    *,
    submitted_on: date | None = None,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
) -> date:
    """Return the date an application counts as received (条例第31条) for its channel.

    In person: the day of submission. By post: the day the agency signs for it; ordinary mail:
    the day the office confirms with the applicant. Online, fax or e-mail: the day both confirm.
    """
    channel = Channel(channel)
    needed = {
        Channel.IN_PERSON: (submitted_on, "当面提交的申请需填写提交日期。"),
        Channel.POST: (signed_on, "邮寄的申请需填写本机关签收日期。"),
        Channel.ORDINARY_MAIL: (confirmed_on, "平常信函需填写与申请人确认之日。"),
        Channel.ONLINE: (confirmed_on, "网络平台提交的申请需填写双方确认之日。"),
        Channel.FAX: (confirmed_on, "传真提交的申请需填写双方确认之日。"),
        Channel.EMAIL: (confirmed_on, "电子邮件提交的申请需填写双方确认之日。"),
    }
    value, message = needed[channel]
    if value is None:
        raise DeadlineInputError(message)
    return value


@dataclass(frozen=True)
class Deadline:
    """A computed due date with everything needed to explain it."""

    kind: str
    start: date
    start_reason: str
    workdays: int
    extension_workdays: int
    due: date
    original_due: date
    provisional: bool
    provisional_reasons: tuple[str, ...]
    notes: tuple[DayNote, ...]
    pauses: tuple[Pause, ...]
    basis: str
    explanation: str = field(default="")

    def to_dict(self) -> dict:
        """Return a JSON-ready dict: due, provisional, explanation, and the day-by-day details."""
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_reasons": list(self.provisional_reasons),
            "explanation": self.explanation,
            "start": self.start.isoformat(),
            "start_reason": self.start_reason,
            "workdays": self.workdays,
            "extension_workdays": self.extension_workdays,
            "original_due": self.original_due.isoformat(),
            "basis": self.basis,
            "pauses": [{**asdict(p), "start": p.start.isoformat(), "end": p.end.isoformat()} for p in self.pauses],
            "counted_days": [n.day.isoformat() for n in self.notes if n.counted],
            "skipped_days": [{"date": n.day.isoformat(), "reason": n.reason} for n in self.notes if not n.counted],
            "makeup_workdays": [n.day.isoformat() for n in self.notes if n.counted and n.reason.startswith("调休")],
        }


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _explain(calendar: WorkCalendar, d: Deadline) -> str:
    lines = [f"起算：{_fmt(d.start)}（{d.start_reason}，当日不计入），自次一工作日起算第1个工作日。"]
    lines.append(f"期限：{d.workdays}个工作日" + (f"，另延长{d.extension_workdays}个工作日" if d.extension_workdays else "")
                 + f"（依据：{d.basis}）。")
    holidays = [n for n in d.notes if not n.counted and n.reason not in ("周末",) and "不计入" not in n.reason]
    if holidays:
        by_name: dict[str, list[date]] = {}
        for n in holidays:
            by_name.setdefault(n.reason, []).append(n.day)
        lines.append("跳过的法定节假日：" + "；".join(
            f"{name} {_fmt(days[0])}至{_fmt(days[-1])}" if len(days) > 1 else f"{name} {_fmt(days[0])}"
            for name, days in by_name.items()) + "。")
    makeup = [n.day for n in d.notes if n.counted and n.reason.startswith("调休")]
    if makeup:
        lines.append("计入的调休上班日：" + "、".join(_fmt(x) for x in makeup) + "。")
    for p in d.pauses:
        k = calendar.working_days_between(p.start - ONE_DAY, p.end)
        lines.append(f"暂停：{p.reason}，{_fmt(p.start)}至{_fmt(p.end)}，其间{k}个工作日不计入。")
    weekend_count = sum(1 for n in d.notes if n.reason == "周末")
    lines.append(f"共跨越{len(d.notes)}个自然日，其中计入{sum(n.counted for n in d.notes)}个工作日、跳过周末{weekend_count}天。")
    if d.extension_workdays:
        lines.append(f"原答复期限为{_fmt(d.original_due)}，延长后为{_fmt(d.due)}。")
    lines.append(f"期限届满日：{_fmt(d.due)}。")
    if d.provisional:
        lines.append("注意：此日期为暂定。" + "".join(d.provisional_reasons))
    return "\n".join(lines)



def _check_pauses(start: date, received: date, pauses: tuple[Pause, ...]) -> None:
    for p in pauses:
        if p.start < received:
            raise DeadlineInputError(f"暂停期间 {p.start}～{p.end} 早于收到申请之日 {received}，请核对。")


def compute_deadline(
    calendar: WorkCalendar,
    *,
    kind: str,
    start: date,
    start_reason: str,
    workdays: int,
    basis: str,
    extension_workdays: int = 0,
    pauses: tuple[Pause, ...] = (),
) -> Deadline:
    """Return the deadline `workdays` (+ extension) working days after `start`, explained."""
    if workdays < 1:
        raise DeadlineInputError("工作日数必须为正整数。")
    if extension_workdays < 0:
        raise DeadlineInputError("延长的工作日数不能为负数。")
    original_due, _ = calendar.walk(start, workdays, pauses)
    due, notes = calendar.walk(start, workdays + extension_workdays, pauses)
    missing = calendar.unconfirmed_years(start, due)
    reasons = tuple(
        f"{y}年的节假日安排尚未确认（{'数据已录入但未确认' if calendar.year(y) else '尚无数据'}），该年按周末计算，"
        f"待国务院办公厅公布安排并录入后会重新计算。" for y in missing
    )
    deadline = Deadline(
        kind=kind, start=start, start_reason=start_reason, workdays=workdays,
        extension_workdays=extension_workdays, due=due, original_due=original_due, provisional=bool(missing),
        provisional_reasons=reasons, notes=tuple(notes), pauses=pauses, basis=basis,
    )
    return replace(deadline, explanation=_explain(calendar, deadline))


def reply_deadline(
    calendar: WorkCalendar,
    *,
    received: date,
    supplement_received: date | None = None,
    pauses: tuple[Pause, ...] = (),
    extension_workdays: int = 0,
    workdays: int | None = None,
    rules: DeadlineRules | None = None,
) -> Deadline:
    """Return the reply due date (第33条): 20 working days from receipt, or from receipt of the 补正.

    Pauses (consultation, fee) must not start before receipt; an extension may not exceed the
    rule's maximum and counts on from the original due date.
    """
    rules = rules or rules_for(received)
    if supplement_received is not None and supplement_received < received:
        raise DeadlineInputError(f"补正材料收到日 {supplement_received} 早于收到申请之日 {received}，请核对。")
    _check_pauses(received, received, pauses)
    if extension_workdays > rules.extension_max_workdays:
        raise DeadlineInputError(f"延长答复期限最长不超过{rules.extension_max_workdays}个工作日。")
    start = supplement_received or received
    reason = "收到补正后申请之日（第三十条，重新起算）" if supplement_received else "收到申请之日（第三十一条）"
    return compute_deadline(
        calendar, kind="reply", start=start, start_reason=reason,
        workdays=workdays if workdays is not None else rules.reply_workdays, basis=rules.basis,
        extension_workdays=extension_workdays, pauses=tuple(sorted(pauses, key=lambda p: p.start)),
    )


def supplement_notice_deadline(calendar: WorkCalendar, *, received: date) -> Deadline:
    """Return the last day to send the 补正 notice: 7 working days after receipt (第30条)."""
    rules = rules_for(received)
    return compute_deadline(calendar, kind="supplement_notice", start=received, start_reason="收到申请之日",
                            workdays=rules.supplement_notice_workdays, basis=rules.basis)


def consultation_pause(
    calendar: WorkCalendar, *, sent_on: date, answered_on: date | None = None, reason: str = "征求意见"
) -> Pause:
    """Return the pause for a consultation (第32、34条): sent day through the answer, or the window's end."""
    rules = rules_for(sent_on)
    if answered_on is not None:
        if answered_on < sent_on:
            raise DeadlineInputError(f"答复日期 {answered_on} 早于征求意见发出日 {sent_on}。")
        return Pause(sent_on, answered_on, reason)
    end = calendar.add_working_days(sent_on, rules.consultation_workdays)
    return Pause(sent_on, end, f"{reason}（未答复，按{rules.consultation_workdays}个工作日答复期计）")


def fee_pause(calendar: WorkCalendar, *, notice_on: date, paid_on: date | None = None) -> Pause:
    """Return the pause for a fee notice: notice day through payment, or the payment window's end."""
    rules = rules_for(notice_on)
    if paid_on is not None:
        if paid_on < notice_on:
            raise DeadlineInputError(f"缴费日期 {paid_on} 早于收费通知发出日 {notice_on}。")
        return Pause(notice_on, paid_on, "信息处理费缴纳期间")
    return Pause(notice_on, calendar.add_working_days(notice_on, rules.fee_payment_workdays), "信息处理费缴纳期间（未缴费）")


def fee_payment_deadline(calendar: WorkCalendar, *, notice_on: date) -> Deadline:
    """Return the last day to pay the 信息处理费; unpaid after it, the application is withdrawn."""
    rules = rules_for(notice_on)
    return compute_deadline(calendar, kind="fee_payment", start=notice_on, start_reason="收费通知发出之日",
                            workdays=rules.fee_payment_workdays, basis=rules.basis)


def proactive_deadline(calendar: WorkCalendar, *, formed_on: date) -> Deadline:
    """Return the publication due date: 20 working days after the information is formed or changed (第26条)."""
    rules = rules_for(formed_on)
    return compute_deadline(calendar, kind="proactive", start=formed_on, start_reason="信息形成或者变更之日",
                            workdays=rules.proactive_workdays, basis=rules.basis)


def parse_iso_date(value: str, *, label: str) -> date:
    """Return the date in 'YYYY-MM-DD' or raise DeadlineInputError naming the field."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError) as exc:
        raise DeadlineInputError(f"{label}“{value}”不是有效日期，应为 YYYY-MM-DD 格式，如 2024-09-27。") from exc


def parse_pause(value: str, reason: str = "暂停计算") -> Pause:
    """Return the Pause for 'YYYY-MM-DD:YYYY-MM-DD' (both days included); refuse an inverted span."""
    parts = value.strip().split(":")
    if len(parts) != 2:
        raise DeadlineInputError(f"暂停期间“{value}”格式不正确，应为 起始日:结束日，如 2024-10-08:2024-10-10。")
    start = parse_iso_date(parts[0], label="暂停起始日")
    end = parse_iso_date(parts[1], label="暂停结束日")
    if end < start:
        raise DeadlineInputError(f"暂停期间“{value}”的结束日早于起始日，请核对。")
    return Pause(start, end, reason)
