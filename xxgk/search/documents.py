"""What each public source contributes to search; None when it is not (or no longer) public."""

from dataclasses import dataclass, field
from datetime import date

import nh3

from xxgk.agencies.models import Agency


@dataclass
class DocumentData:
    """The searchable form of one public source."""

    key: str
    kind: str
    title: str
    url: str
    text: str
    published_on: date
    agency: Agency | None = None
    subject: str = ""
    art20_category: int | None = None
    validity: str = ""
    extra: list[str] = field(default_factory=list)


def plain(html: str) -> str:
    """Return the text of sanitised HTML, tags removed."""
    return nh3.clean(html or "", tags=set()).replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&")


def _item(pk: int) -> DocumentData | None:
    return _items([pk]).get(pk)


def _items(pks: list[int]) -> dict[int, DocumentData | None]:
    """Build many items' documents with a fixed number of queries (the reindex does thousands at once)."""
    from xxgk.catalog.models import Item, ItemAttachment, ItemRevision

    items = Item.objects.select_related("agency", "interprets").in_bulk(pks)
    wanted = {(i.pk, i.published_revision) for i in items.values() if i.published_revision is not None}
    contents = {(r.item_id, r.number): r.content for r in ItemRevision.objects.filter(
        item_id__in=[pk for pk, _ in wanted]).only("item_id", "number", "content") if (r.item_id, r.number) in wanted}
    texts: dict[int, str] = {}
    for att_id, text in ItemAttachment.objects.filter(item_id__in=items).values_list("id", "text"):
        texts[att_id] = text
    linked: dict[int, list[str]] = {}
    for target, title in Item.objects.filter(interprets_id__in=items, published_revision__isnull=False).exclude(
            status="withdrawn").values_list("interprets_id", "title"):
        linked.setdefault(target, []).append(title)
    out: dict[int, DocumentData | None] = {}
    for pk in pks:
        item = items.get(pk)
        content = contents.get((pk, item.published_revision)) if item else None
        if item is None or item.status == "withdrawn" or item.disclosure != "active" or content is None \
                or item.published_on is None:
            out[pk] = None
            continue
        out[pk] = _item_document(item, content, [texts[a] for a in content.get("attachments") or [] if a in texts],
                                 linked.get(pk, []))
    return out


def _item_document(item, content: dict, attachment_texts: list[str], linked: list[str]) -> DocumentData:
    if content.get("doc_kind") in ("regulation", "normative"):
        kind = "policy"
    elif item.interprets_id or content.get("genre") == "政策解读":
        kind = "interpretation"
    else:
        kind = "catalog"
    linked = list(linked)
    if item.interprets_id:
        linked.append(item.interprets.title)
    text = "\n".join([content.get("doc_number") or "", item.index_number, item.agency.name, content.get("summary") or "",
                      plain(content.get("body") or ""), *attachment_texts, *linked])
    return DocumentData(key=f"item:{item.pk}", kind=kind, title=content["title"],
                        url=f"/gk/catalog/{item.index_number}/", text=text, published_on=item.published_on,
                        agency=item.agency, subject=content.get("subject") or "",
                        art20_category=content.get("art20_category"), validity=content.get("validity") or "valid")


def _message(pk: int) -> DocumentData | None:
    from xxgk.interaction.models import Message

    m = Message.objects.select_related("box", "agency").filter(pk=pk, published_at__isnull=False).first()
    if m is None:
        return None
    return DocumentData(key=f"message:{pk}", kind="interaction", title=m.public_subject,
                        url=f"/gk/interaction/published/{pk}/", text=f"{m.box}\n{m.public_body}\n{m.public_reply}",
                        published_on=m.replied_on or m.received_on, agency=m.agency)


def _consultation(pk: int) -> DocumentData | None:
    from xxgk.interaction.models import Consultation

    c = Consultation.objects.select_related("agency").filter(pk=pk).first()
    if c is None:
        return None
    return DocumentData(key=f"consultation:{pk}", kind="interaction", title=c.title,
                        url=f"/gk/interaction/consultations/{pk}/", text=f"{c.description}\n{c.feedback}",
                        published_on=c.opens_on, agency=c.agency)


def _interview(pk: int) -> DocumentData | None:
    from xxgk.interaction.models import Interview

    i = Interview.objects.select_related("agency").filter(pk=pk).first()
    if i is None:
        return None
    return DocumentData(key=f"interview:{pk}", kind="interaction", title=i.topic,
                        url=f"/gk/interaction/interviews/{pk}/", text=f"{i.guests}\n{i.summary}", published_on=i.held_on,
                        agency=i.agency)


def _report(pk: int) -> DocumentData | None:
    from xxgk.reports.models import PublishedReport

    r = PublishedReport.objects.select_related("agency").filter(pk=pk).first()
    if r is None:
        return None
    latest = PublishedReport.objects.filter(agency=r.agency, year=r.year).order_by("-version").first()
    if latest.pk != r.pk:  # a corrected version replaces it in search; old versions stay on the report page
        return None
    return DocumentData(key=f"report:{pk}", kind="report", title=r.title, url=f"/gk/reports/{pk}/",
                        text=plain(r.html), published_on=r.published_at.date(), agency=r.agency)


def _guide(pk: int) -> DocumentData | None:
    agency = Agency.objects.filter(pk=pk, is_active=True).first()
    if agency is None:
        return None
    contact = "\n".join(str(getattr(agency, f)) for f in agency.GUIDE_FIELDS if getattr(agency, f))
    return DocumentData(key=f"guide:{pk}", kind="guide", title=f"{agency.name}政府信息公开指南",
                        url=f"/gk/guide/{agency.credit_code}/", text=f"{agency.name}\n{contact}",
                        published_on=agency.created_at.date(), agency=agency)


BUILDERS = {"item": _item, "message": _message, "consultation": _consultation, "interview": _interview,
            "report": _report, "guide": _guide}


def build(key: str) -> DocumentData | None:
    """Return the searchable form of the source named by `key` ("item:12"), or None if it is not public."""
    prefix, _, pk = key.partition(":")
    builder = BUILDERS.get(prefix)
    return builder(int(pk)) if builder and pk.isdigit() else None


def build_many(keys: list[str]) -> dict[str, DocumentData | None]:
    """Return build(key) for every key; items are built in bulk."""
    item_pks = [int(k[5:]) for k in keys if k.startswith("item:") and k[5:].isdigit()]
    built = {f"item:{pk}": data for pk, data in _items(item_pks).items()} if item_pks else {}
    return {key: built[key] if key in built else build(key) for key in keys}


def all_keys():
    """Yield the key of every source that may be public (the reindex walks them all)."""
    from xxgk.catalog.models import Item
    from xxgk.interaction.models import Consultation, Interview, Message
    from xxgk.reports.models import PublishedReport

    yield from (f"item:{pk}" for pk in Item.objects.filter(published_revision__isnull=False)
                .exclude(status="withdrawn").values_list("pk", flat=True).iterator())
    yield from (f"message:{pk}" for pk in Message.objects.filter(published_at__isnull=False).values_list("pk", flat=True))
    yield from (f"consultation:{pk}" for pk in Consultation.objects.values_list("pk", flat=True))
    yield from (f"interview:{pk}" for pk in Interview.objects.values_list("pk", flat=True))
    yield from (f"report:{pk}" for pk in PublishedReport.objects.values_list("pk", flat=True))
    yield from (f"guide:{pk}" for pk in Agency.objects.filter(is_active=True).values_list("pk", flat=True))
