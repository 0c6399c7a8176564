"""The life of an item: draft → submit (scan) → 初审 → (会商) → 负责人签发 → publish; edits make revisions."""

from datetime import date, datetime

import nh3
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xxgk.agencies.models import Agency
from xxgk.core.deadlines import proactive_deadline
from xxgk.core.scan import scan_text
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, IllegalTransition, InvalidInput
from xxgk.platform.policy import can
from xxgk.platform.selectors import work_calendar
from xxgk.platform.uploads import check_upload, save_unguessable
from xxgk.review.extract import UnreadableFile, file_segments

from ..models import Item, ItemAttachment, ItemRevision, ReviewStep, ReviewWorkflow, ScanHit
from ..vocab import ART20_CHOICES, DISCLOSURE, DOC_KINDS, GENRES, VALIDITY, subject_choices

EDITABLE = ("title", "doc_number", "written_on", "formed_on", "subject", "genre", "art20_category", "doc_kind",
            "disclosure", "disclosure_reason", "validity", "valid_from", "repealed_on", "keywords", "summary", "body",
            "channels", "interprets", "no_interpretation_reason", "entry")
SNAPSHOT = ("title", "doc_number", "written_on", "subject", "genre", "art20_category", "doc_kind", "validity",
            "valid_from", "repealed_on", "keywords", "summary", "body", "channels")


def index_number(agency: Agency, year: int, serial: int) -> str:
    """Return the 索引号 by the configured scheme (default {credit_code}/{YYYY}-{serial:05d})."""
    return settings.XXGK_INDEX_SCHEME.format(credit_code=agency.credit_code, year=year, serial=serial)


def _checked(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if "title" in fields and not str(fields["title"]).strip():
        raise InvalidInput("请填写信息名称。", field="title")
    if "subject" in fields and fields["subject"] not in dict(subject_choices()):
        raise InvalidInput("主题分类无效，请从国务院主题分类中选择。", field="subject")
    if "genre" in fields and fields["genre"] not in GENRES:
        raise InvalidInput("体裁无效。", field="genre")
    if "art20_category" in fields and int(fields["art20_category"]) not in dict(ART20_CHOICES):
        raise InvalidInput("第二十条类别无效。", field="art20_category")
    if "doc_kind" in fields and fields["doc_kind"] not in dict(DOC_KINDS):
        raise InvalidInput("文件类型无效。", field="doc_kind")
    if "validity" in fields and fields["validity"] not in dict(VALIDITY):
        raise InvalidInput("有效性无效。", field="validity")
    if "disclosure" in fields:
        if fields["disclosure"] not in dict(DISCLOSURE):
            raise InvalidInput("公开属性无效。", field="disclosure")
        if fields["disclosure"] != "active" and not str(fields.get("disclosure_reason", "")).strip():
            raise InvalidInput("依申请公开或不予公开须写明理由。", field="disclosure_reason")
    if fields.get("validity") in ("expired", "repealed") and not fields.get("repealed_on"):
        raise InvalidInput("失效或废止的信息须填写失效/废止日期。", field="repealed_on")
    if "body" in fields:
        # Rich text from the editor: only harmless tags survive (no scripts, handlers or javascript: links).
        fields["body"] = nh3.clean(fields["body"] or "")
    return fields


def checked_outlets(agency: Agency, outlets) -> list:
    """Return the outlets if each is an active column or account of the agency or of an agency above it."""
    paths = agency.ancestor_paths()
    outlets = list(outlets)
    for outlet in outlets:
        if outlet.status != "active" or outlet.agency.path not in paths:
            raise InvalidInput(f"“{outlet.name}”不是本机关或上级机关在用的栏目或账号。", field="outlets")
    return outlets


def _split_outlets(agency: Agency, fields: dict) -> list | None:
    """Take `outlets` out of the fields and add their kinds to `channels` (the report counts by kind)."""
    if "outlets" not in fields:
        return None
    outlets = checked_outlets(agency, fields.pop("outlets") or [])
    kinds = [*fields.get("channels", []), *(o.catalog_kind for o in outlets)]
    fields["channels"] = list(dict.fromkeys(kinds))
    return outlets


def _attach(item: Item, attachments: list[tuple[str, bytes]], at: datetime) -> None:
    for name, data in attachments:
        upload = check_upload(name, data)
        try:
            text = "\n".join(t for _, t in file_segments(upload.name, upload.data))
        except UnreadableFile:
            text = ""
        attachment = ItemAttachment(item=item, name=upload.name, content_type=upload.content_type,
                                    size=len(upload.data), text=text, created_at=at)
        save_unguessable(attachment.file, upload.data, upload.extension)
        attachment.save()


def _refresh_due(item: Item) -> None:
    item.due_on = proactive_deadline(work_calendar(), formed_on=item.formed_on).due


def item_create(*, agency: Agency, actor, at: datetime, attachments: list[tuple[str, bytes]] = (), request=None,
                **fields) -> Item:
    """Create a draft with its 索引号 (never reused) and its 第26条 publication due date."""
    if not can(actor, "item.draft", agency):
        raise InvalidInput(f"只有“{agency.name}”的经办人可以起草信息。")
    for required in ("title", "written_on", "formed_on", "subject", "genre", "art20_category"):
        if not fields.get(required):
            raise InvalidInput("请填写信息名称、成文日期、形成日期、主题分类、体裁和第二十条类别。", field=required)
    fields = dict(fields)
    outlets = _split_outlets(agency, fields)
    fields = _checked(fields)
    for upload_name, data in attachments:  # check every file before saving anything
        check_upload(upload_name, data)
    with transaction.atomic():
        Agency.objects.select_for_update(no_key=True).filter(pk=agency.pk).first()
        serial = (Item.objects.filter(agency=agency).order_by("-serial").values_list("serial", flat=True).first()
                  or 0) + 1
        item = Item(agency=agency, serial=serial, index_number=index_number(agency, fields["written_on"].year, serial),
                    created_by=actor, created_at=at, due_on=fields["formed_on"], **fields)
        _refresh_due(item)
        item.save()
        if outlets is not None:
            item.outlets.set(outlets)
        _attach(item, list(attachments), at)
        audit_record(action="item.created", at=at, actor=actor, request=request, target=item, agency=agency,
                     data={"index_number": item.index_number})
    return item


def item_update(*, item: Item, actor, at: datetime, attachments: list[tuple[str, bytes]] = (), request=None,
                **fields) -> Item:
    """Edit the working copy; a published item keeps its public revision until the new one is published."""
    if not can(actor, "item.draft", item.agency):
        raise InvalidInput("只有本机关经办人可以修改信息。")
    if item.status in ("in_review", "approved"):
        raise IllegalTransition("信息正在审核或已审定，请先退回后再修改。")
    if item.status == "withdrawn":
        raise IllegalTransition("已撤回的信息不能修改。")
    fields = dict(fields)
    outlets = _split_outlets(item.agency, fields)
    fields = _checked(fields)
    with transaction.atomic():
        if outlets is not None:
            item.outlets.set(outlets)
        for key, value in fields.items():
            setattr(item, key, value)
        if item.status == "published":
            item.status = "draft"
            item.revision += 1
        _refresh_due(item)
        item.save()
        _attach(item, list(attachments), at)
        audit_record(action="item.updated", at=at, actor=actor, request=request, target=item, agency=item.agency,
                     data={"fields": sorted(fields), "revision": item.revision})
    return item


def _snapshot(item: Item) -> dict:
    content = {}
    for key in SNAPSHOT:
        value = getattr(item, key)
        content[key] = value.isoformat() if isinstance(value, date) else value
    content["attachments"] = list(item.attachments.values_list("id", flat=True))
    content["outlets"] = sorted(item.outlets.values_list("name", flat=True))
    return content


def item_submit(*, item: Item, actor, at: datetime, request=None) -> list[ScanHit]:
    """Submit for review: snapshot the revision and scan title, body and every attachment's text."""
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        if item.status not in ("draft",):
            raise IllegalTransition("只有草稿可以提交审核，同一信息同时只能有一个审核流程。")
        if not can(actor, "item.draft", item.agency):
            raise InvalidInput("只有本机关经办人可以提交审核。")
        if item.disclosure != "active":
            raise Conflict("公开属性不是“主动公开”的信息不进入主动公开发布流程。")
        ItemRevision.objects.update_or_create(item=item, number=item.revision, defaults={
            "content": _snapshot(item), "created_at": at, "created_by": actor})
        ScanHit.objects.filter(item=item, revision=item.revision).delete()
        segments = [("标题", item.title), ("内容概述", item.summary), ("正文", nh3.clean(item.body, tags=set()))]
        segments += [(f"附件“{a.name}”", a.text) for a in item.attachments.all()]
        hits = [ScanHit(item=item, revision=item.revision, kind=f.kind, text=f.text[:300], where=f.where[:200])
                for f in scan_text(segments, words=settings.XXGK_SCAN_WORDS, patterns=settings.XXGK_SCAN_PATTERNS)]
        ScanHit.objects.bulk_create(hits)
        item.status = "in_review"
        item.save(update_fields=["status"])
        note = f"自动扫描发现{len(hits)}处需处理" if hits else "自动扫描未发现问题"
        ReviewStep.objects.create(item=item, revision=item.revision, stage="submit", decision="submitted",
                                  comment=note, actor=actor, at=at)
        audit_record(action="item.submitted", at=at, actor=actor, request=request, target=item, agency=item.agency,
                     data={"revision": item.revision, "scan_hits": len(hits)})
    return hits


def _step(item: Item, *, stage: str, decision: str, comment: str, actor, at: datetime) -> ReviewStep:
    return ReviewStep.objects.create(item=item, revision=item.revision, stage=stage, decision=decision,
                                     comment=comment.strip(), actor=actor, at=at)


def _approved(item: Item, stage: str) -> bool:
    last = item.review_steps.filter(revision=item.revision, stage=stage).order_by("-at", "-id").first()
    return last is not None and last.decision == "approved"


def scan_hit_accept(*, hit: ScanHit, actor, reason: str, at: datetime) -> ScanHit:
    """Accept a finding with a reason (e.g. a published contact number); a secrecy marking cannot be accepted."""
    if hit.kind == "secrecy_marking":
        raise Conflict("带有密级标志的信息禁止公开，只能修改后重新提交。")
    if not reason.strip():
        raise InvalidInput("请写明接受该发现的理由。", field="reason")
    if not can(actor, "item.review", hit.item.agency):
        raise InvalidInput("只有审核人可以确认扫描发现。")
    hit.accepted_reason, hit.accepted_by = reason.strip(), actor
    hit.save(update_fields=["accepted_reason", "accepted_by"])
    audit_record(action="item.scan_accepted", at=at, actor=actor, target=hit.item, agency=hit.item.agency,
                 data={"kind": hit.kind, "where": hit.where, "reason": hit.accepted_reason})
    return hit


def review_initial(*, item: Item, actor, approve: bool, comment: str, at: datetime, request=None) -> Item:
    """初审 by the 审核人: approve (every scan finding resolved) or return to the drafter."""
    if not can(actor, "item.review", item.agency):
        raise InvalidInput("只有本机关审核人可以初审。")
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        if item.status != "in_review":
            raise IllegalTransition("该信息不在审核中。")
        open_hits = item.scan_hits.filter(revision=item.revision, accepted_reason="")
        if approve and open_hits.exists():
            where = "；".join(f"{h.where}：{h.text}" for h in open_hits[:5])
            raise Conflict(f"扫描发现尚未处理，不能通过初审：{where}")
        workflow = workflow_of(item.agency)
        if approve and workflow.consult_required and not item.review_steps.filter(
                revision=item.revision, stage="consult").exists():
            raise Conflict(f"本机关规定须先会商（{workflow.consult_parties}），请登记会商意见后再通过初审。")
        _step(item, stage="initial", decision="approved" if approve else "returned", comment=comment, actor=actor,
              at=at)
        if not approve:
            _return(item)
        elif not workflow.signoff_required:
            item.status = "approved"
            item.save(update_fields=["status"])
    return item


def workflow_of(agency: Agency) -> ReviewWorkflow:
    """Return the agency's configured workflow, or the default (会商 optional, 签发 required)."""
    return ReviewWorkflow.objects.filter(agency=agency).first() or ReviewWorkflow(agency=agency)


def review_workflow_save(*, agency: Agency, actor, consult_required: bool, consult_parties: str,
                         signoff_required: bool, at: datetime) -> ReviewWorkflow:
    """Configure an agency's review steps (its 公开办 or the 系统管理员)."""
    if not can(actor, "agency.supervise", agency):
        raise InvalidInput("只有上级公开办或系统管理员可以配置审核流程。")
    if consult_required and not consult_parties.strip():
        raise InvalidInput("规定必须会商时，请写明会商单位（如业务科室、保密办）。", field="consult_parties")
    workflow, _ = ReviewWorkflow.objects.update_or_create(agency=agency, defaults={
        "consult_required": consult_required, "consult_parties": consult_parties.strip(),
        "signoff_required": signoff_required, "updated_at": at})
    audit_record(action="item.workflow_saved", at=at, actor=actor, agency=agency, target=workflow,
                 data={"consult_required": consult_required, "signoff_required": signoff_required})
    return workflow


def _return(item: Item) -> None:
    item.status = "draft"
    item.revision += 1
    item.save(update_fields=["status", "revision"])


def review_consult(*, item: Item, actor, party: str, comment: str, at: datetime) -> ReviewStep:
    """Record a 会商 opinion (business department or 保密 office) on an uncertain item."""
    if not (can(actor, "item.review", item.agency) or can(actor, "item.signoff", item.agency)):
        raise InvalidInput("只有审核人或负责人可以登记会商意见。")
    item = Item.objects.get(pk=item.pk)
    if item.status != "in_review":
        raise IllegalTransition("该信息不在审核中。")
    return _step(item, stage="consult", decision="noted", comment=f"{party.strip()}：{comment}", actor=actor, at=at)


def review_signoff(*, item: Item, actor, approve: bool, comment: str, at: datetime, request=None) -> Item:
    """负责人签发 after the 初审; approval makes the item ready to publish."""
    if not can(actor, "item.signoff", item.agency):
        raise InvalidInput("只有本机关负责人可以签发。")
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        if item.status != "in_review" or not _approved(item, "initial"):
            raise IllegalTransition("须先通过初审，才能由负责人签发。")
        _step(item, stage="signoff", decision="approved" if approve else "returned", comment=comment, actor=actor,
              at=at)
        if approve:
            item.status = "approved"
            item.save(update_fields=["status"])
        else:
            _return(item)
    return item


def _interpretation_ready(item: Item) -> bool:
    return item.interpretations.filter(status__in=("approved", "published")).exists()


def item_publish(*, item: Item, actor, today: date, at: datetime, request=None,
                 publish_at: datetime | None = None) -> Item:
    """Publish a signed-off item now, or at `publish_at`; a 规章/规范性文件 needs its 解读 or a reason."""
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        signed = _approved(item, "signoff") or not workflow_of(item.agency).signoff_required
        if item.status != "approved" or not (_approved(item, "initial") and signed):
            raise IllegalTransition("信息须经初审和负责人签发后才能发布。")
        if not can(actor, "item.signoff", item.agency) and not can(actor, "item.review", item.agency):
            raise InvalidInput("只有审核人或负责人可以发布。")
        if item.scan_hits.filter(revision=item.revision, kind="secrecy_marking").exists():
            raise Conflict("带有密级标志的信息禁止公开。")
        if item.doc_kind in ("regulation", "normative") and not _interpretation_ready(item) \
                and not item.no_interpretation_reason.strip():
            raise Conflict("规章和行政规范性文件须与政策解读同步发布，或记录不解读的理由。")
        if publish_at is not None and publish_at > at:
            item.publish_at = publish_at
            item.save(update_fields=["publish_at"])
            _step(item, stage="publish", decision="noted", comment=f"定时发布：{publish_at:%Y-%m-%d %H:%M}", actor=actor,
                  at=at)
            from ...platform.tasks import enqueue_with_transaction
            from ..tasks import publish_scheduled_item

            enqueue_with_transaction(publish_scheduled_item.using(run_after=publish_at), item_id=item.pk)
            return item
        _publish_one(item, actor=actor, today=today, at=at, request=request)
        for interpretation in item.interpretations.filter(status="approved"):
            _publish_one(interpretation, actor=actor, today=today, at=at, request=request)
    return item


def _publish_one(item: Item, *, actor, today: date, at: datetime, request) -> None:
    item.status, item.published_revision = "published", item.revision
    item.published_on = item.published_on or today
    item.save(update_fields=["status", "published_revision", "published_on"])
    _step(item, stage="publish", decision="approved", comment="", actor=actor, at=at)
    audit_record(action="item.published", at=at, actor=actor, request=request, target=item, agency=item.agency,
                 data={"index_number": item.index_number, "revision": item.revision,
                       "late": today > item.due_on})


def item_publish_scheduled(*, item: Item, now: datetime) -> bool:
    """Publish an approved item whose scheduled time has come (run by the worker); False if not due."""
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        if item.status != "approved" or item.publish_at is None or item.publish_at > now:
            return False
        # Whoever scheduled it answers for the publication (a 签发 step may not exist in every workflow).
        scheduler = item.review_steps.filter(stage="publish", decision="noted").order_by("-at", "-id").first().actor
        for target in (item, *item.interpretations.filter(status="approved")):
            _publish_one(target, actor=scheduler, today=timezone.localdate(now), at=now, request=None)
    return True


def item_withdraw(*, item: Item, actor, reason: str, at: datetime, request=None) -> Item:
    """Withdraw from the public: the record and its 索引号 stay, with the reason shown."""
    if not reason.strip():
        raise InvalidInput("请写明撤回理由。", field="reason")
    if not can(actor, "item.signoff", item.agency):
        raise InvalidInput("只有本机关负责人可以撤回已公开的信息。")
    with transaction.atomic():
        item = Item.objects.select_for_update(no_key=True).get(pk=item.pk)
        if item.published_revision is None or item.status == "withdrawn":
            raise IllegalTransition("只有已公开的信息可以撤回。")
        item.status, item.withdrawn_reason = "withdrawn", reason.strip()
        item.save(update_fields=["status", "withdrawn_reason"])
        _step(item, stage="withdraw", decision="noted", comment=reason, actor=actor, at=at)
        audit_record(action="item.withdrawn", at=at, actor=actor, request=request, target=item, agency=item.agency,
                     data={"reason": item.withdrawn_reason})
    return item

