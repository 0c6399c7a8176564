"""The portal's search page: classified results with facets, sorting and pagination."""

from django.shortcuts import render
from django.utils import timezone

from xxgk.platform.pagecache import public_page
from xxgk.portal.sections import SECTIONS

from .selectors import Filters, search

MAX_PAGE = 500
FACETS_SHOWN = 12  # values listed at once per facet; the rest open under 更多 (a province has hundreds of agencies)
FACET_TITLES = {"kind": "类别", "agency": "发布机构", "subject": "主题分类", "art20_category": "第二十条类别",
                "year": "年份", "validity": "有效性"}


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


@public_page
def search_page(request):
    q = request.GET.get("q", "").strip()[:200]
    filters = Filters(kind=request.GET.get("kind", ""), agency_id=_int(request.GET.get("agency", "")),
                      subject=request.GET.get("subject", ""), art20_category=_int(request.GET.get("art20_category", "")),
                      year=_int(request.GET.get("year", "")), validity=request.GET.get("validity", ""))
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = min(_int(request.GET.get("page", "")) or 1, MAX_PAGE)
    results = search(q, filters=filters, page=page, sort=sort, today=timezone.localdate()) if q else None
    params = {k: v for k, v in request.GET.items() if k not in ("page",) and v}
    active = {("agency" if f == "agency_id" else f): v for f, v in filters.items().items()}
    return render(request, "search/results.html", {
        "q": q, "results": results, "sections": SECTIONS, "active": None, "params": params, "active_filters": active,
        "facets": _facet_lists(results.facets if results else {}, active)})


def _facet_lists(facets: dict, active: dict) -> list[dict]:
    """Return each facet with values as the page lists them: the first FACETS_SHOWN, then the rest (open
    when the active value is among them), each value marked when it is the active filter."""
    lists = []
    for name, values in facets.items():
        if not values:
            continue
        chosen = str(active.get(name, ""))
        marked = [{**v, "current": chosen != "" and str(v["value"]) == chosen} for v in values]
        lists.append({"name": name, "title": FACET_TITLES.get(name, name), "values": marked, "shown": FACETS_SHOWN,
                      "more": max(len(marked) - FACETS_SHOWN, 0),
                      "more_open": any(v["current"] for v in marked[FACETS_SHOWN:])})
    return lists
