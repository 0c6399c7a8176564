"""What every search backend provides; the backend is chosen by XXGK_SEARCH_BACKEND."""

from collections import Counter
from dataclasses import dataclass

FACETS = ("kind", "agency_id", "subject", "art20_category", "year", "validity")


@dataclass
class Found:
    """A backend's answer: matches in all, counts per facet value, and the ids of the page asked for;
    `shown`, from a backend that stores them, holds each id's display fields (see shown_fields)."""

    total: int
    facets: dict[str, Counter]
    ids: list[int]
    shown: dict[int, bytes] | None = None


SEPARATOR = "\x1f"  # the unit separator: no text shown to people holds it


def shown_fields(document) -> bytes:
    """Return what a hit shows of a SearchDocument (key, kind, title, url, text, agency id, publication
    day as an ordinal), packed for a backend to store beside its index: UTF-8 fields split by SEPARATOR
    (splitting runs in C: a page of 20 texts unpacks several times faster than from JSON)."""
    fields = (document.key, document.kind, document.title, document.url, document.text, document.agency_id or "",
              document.published_on.toordinal())
    return SEPARATOR.join(str(f).replace(SEPARATOR, " ") for f in fields).encode()


def unpack_shown(raw: bytes) -> tuple:
    """Return the fields packed by shown_fields: the agency id as an int or None, the day as a date, and
    the text still UTF-8 bytes (a snippet decodes only the window it shows: a page's full texts decode
    slower than the rest of the page is built)."""
    from datetime import date

    sep = SEPARATOR.encode()
    # The separators are looked up from both ends, so the text in the middle is scanned by no one.
    ends = [raw.find(sep)]
    for _ in range(3):
        ends.append(raw.find(sep, ends[-1] + 1))
    day_at = raw.rfind(sep)
    agency_at = raw.rfind(sep, 0, day_at)
    key, kind, title, url = (raw[a + 1:b].decode() for a, b in zip([-1, *ends[:3]], ends))
    agency_id = raw[agency_at + 1:day_at]
    return (key, kind, title, url, raw[ends[3] + 1:agency_at], int(agency_id) if agency_id else None,
            date.fromordinal(int(raw[day_at + 1:])))


def count_facets(rows: list[tuple], active: dict) -> tuple[list[tuple], dict[str, Counter]]:
    """Count facet values over matching rows (FACETS values first), each facet under every *other* filter.

    Return (the rows that pass every active filter, the counts). Counting runs per column in C
    (Counter over a map) because a common word matches most documents.
    """
    from operator import itemgetter

    position = {facet: i for i, facet in enumerate(FACETS)}
    tests = [(position[f], v) for f, v in active.items()]

    def passing(skip: int | None) -> list[tuple]:
        checks = [(i, v) for i, v in tests if i != skip]
        if not checks:
            return rows
        return [r for r in rows if all(r[i] == v for i, v in checks)]

    facets = {facet: Counter(map(itemgetter(i), passing(i))) for facet, i in position.items()}
    return passing(None), facets
