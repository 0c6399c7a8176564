"""Reads of the catalogue: the public 目录, an item's public content, late items, missing 解读, report counts."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from xxgk.platform.errors import InvalidInput

from .models import Item, ItemRevision


def public_items(*, agency=None, subject: str = "", category: int | None = None, area=None) -> QuerySet[Item]:
    """Return items the public may see (published, not withdrawn), newest first."""
    qs = Item.objects.filter(published_revision__isnull=False).exclude(status="withdrawn").select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if subject:
        qs = qs.filter(subject__startswith=subject)
    if category:
        qs = qs.filter(art20_category=category)
    if area is not None:
        qs = qs.filter(entry__area=area)
    return qs.order_by("-published_on", "-id")


PAGE_SIZE = 20
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,18})")


@dataclass(frozen=True)
class ItemPage:
    """One page of a newest-first list: its items and the cursors of the pages around it (None at the ends)."""

    items: list[Item]
    newer: str | None
    older: str | None


def _cursor(item: Item) -> str:
    return f"{item.published_on.isoformat()}.{item.pk}"


def _parse_cursor(text: str) -> tuple[date, int]:
    match = _CURSOR.fullmatch(text)
    try:
        return date.fromisoformat(match.group(1)), int(match.group(2))
    except (AttributeError, ValueError) as exc:
        raise InvalidInput("翻页参数无效，请从第一页重新浏览。", field="page") from exc


def older_than_cursor(qs: QuerySet[Item], cursor: str) -> QuerySet[Item]:
    """Return the items of `qs` after `cursor` (or all of them for ""), newest first, by an index range."""
    if cursor:
        day, pk = _parse_cursor(cursor)
        qs = qs.filter(published_on__lte=day).filter(Q(published_on__lt=day) | Q(id__lt=pk))
    return qs.order_by("-published_on", "-id")


def items_page(qs: QuerySet[Item], *, older_than: str = "", newer_than: str = "", size: int = PAGE_SIZE) -> ItemPage:
    """Return one page of `qs` (newest first) by keyset: as fast on page 10 000 as on page 1."""
    if newer_than:  # walk forward in time from the cursor, then show newest first
        day, pk = _parse_cursor(newer_than)
        rows = list(qs.filter(published_on__gte=day).filter(Q(published_on__gt=day) | Q(id__gt=pk))
                    .order_by("published_on", "id")[:size + 1])
        more = len(rows) > size
        items = rows[:size][::-1]
        return ItemPage(items, _cursor(items[0]) if more and items else None, _cursor(items[-1]) if items else None)
    rows = list(older_than_cursor(qs, older_than)[:size + 1])
    items = rows[:size]
    return ItemPage(items, _cursor(items[0]) if older_than and items else None,
                    _cursor(items[-1]) if len(rows) > size else None)


def public_content(item: Item) -> dict | None:
    """Return the published revision's content (what the public sees), or None if never published."""
    if item.published_revision is None:
        return None
    revision = ItemRevision.objects.filter(item=item, number=item.published_revision).first()
    return revision.content if revision else None


def items_late(agencies, today: date) -> QuerySet[Item]:
    """Return unpublished items past their 第26条 due date, and items published after it."""
    return Item.objects.filter(agency__in=agencies, disclosure="active").filter(
        Q(published_revision__isnull=True, due_on__lt=today) | Q(published_on__gt=F("due_on"))
    ).select_related("agency").order_by("due_on")


def documents_without_interpretation(agencies) -> QuerySet[Item]:
    """Return published 规章/规范性文件 with neither a published 解读 nor a recorded reason."""
    return Item.objects.filter(agency__in=agencies, doc_kind__in=("regulation", "normative"),
                               published_revision__isnull=False, no_interpretation_reason="").exclude(
        interpretations__published_revision__isnull=False).select_related("agency")


def normative_counts(agency, year: int, fmt: str) -> dict[str, list[int]] | None:
    """Return section 二 第二十条第（一）项 from the catalogue, or None when it holds no such documents."""
    docs = Item.objects.filter(agency=agency, doc_kind__in=("regulation", "normative"))
    if not docs.exists():
        return None
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = {}
    for row, kind in (("regulations", "regulation"), ("normative_docs", "normative")):
        of_kind = docs.filter(doc_kind=kind)
        public = of_kind.filter(published_revision__isnull=False, published_on__lte=end)
        if fmt == "2019":  # 本年新制作数量, 本年新公开数量, 对外公开总数量
            result[row] = [of_kind.filter(written_on__gte=start, written_on__lte=end).count(),
                           public.filter(published_on__gte=start).count(), public.exclude(status="withdrawn").count()]
        else:  # 本年制发件数, 本年废止件数, 现行有效件数
            in_force = public.filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            result[row] = [of_kind.filter(written_on__gte=start, written_on__lte=end).count(),
                           of_kind.filter(repealed_on__gte=start, repealed_on__lte=end).count(), in_force.count()]
    return result


def items_per_channel(agency, year: int) -> dict[str, int]:
    """Return how many items went out on each channel in the year (for the report's section 一)."""
    counts: dict[str, int] = {}
    for channels in Item.objects.filter(agency=agency, published_on__year=year).values_list("channels", flat=True):
        for channel in channels or ["portal"]:
            counts[channel] = counts.get(channel, 0) + 1
    return counts


def catalog_gaps(agency, today: date) -> list[tuple]:
    """Return (adoption, reason) for adopted entries with nothing published, or with items past their limit."""
    from .models import CatalogAdoption

    gaps = []
    adoptions = CatalogAdoption.objects.filter(agency=agency).select_related("entry", "entry__area")
    for adoption in adoptions:
        items = Item.objects.filter(agency=agency, entry=adoption.entry)
        late = items.filter(published_revision__isnull=True, due_on__lt=today).exclude(status="withdrawn")
        if not items.filter(published_revision__isnull=False).exclude(status="withdrawn").exists():
            gaps.append((adoption, "尚未公开任何信息"))
        elif late.exists():
            gaps.append((adoption, f"有{late.count()}条信息超过公开时限未公开"))
    return gaps
