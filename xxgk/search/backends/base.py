"""What every search backend provides; the backend is chosen by XXGK_SEARCH_BACKEND."""

from collections import Counter
from collections.abc import Callable
from datetime import date

FACETS = ("kind", "agency_id", "subject", "art20_category", "year", "validity")


class Found:
    """A backend's answer: matches in all, counts per facet value, and the ids of the page asked for.

    A backend that stores what its hits show also gives `item_ids` (the catalogue item behind each hit,
    0 for other sources: its public check can be sent at once) and `shown` (each id's display fields,
    see shown_fields), which it may read only when first asked for (`shown` given as a function), so
    the check travels meanwhile. A backend may still be counting when it answers (`facets` given as
    futures of partial counts): reading `facets` waits for them, so a caller can highlight the page meanwhile.
    """

    def __init__(self, total: int, facets: dict[str, Counter] | list, ids: list[int],
                 shown: dict[int, bytes] | Callable[[], dict[int, bytes]] | None = None,
                 item_ids: list[int] | None = None):
        self.total, self.ids, self.item_ids, self._shown = total, ids, item_ids, shown
        self._facets, self._pending = (facets, []) if isinstance(facets, dict) else ({}, list(facets))

    @property
    def stores_shown(self) -> bool:
        return self._shown is not None

    @property
    def shown(self) -> dict[int, bytes] | None:
        if callable(self._shown):
            self._shown = self._shown()
        return self._shown

    @property
    def facets(self) -> dict[str, Counter]:
        while self._pending:
            self._facets.update(self._pending.pop(0).result())
        return self._facets


SEPARATOR = "\x1f"  # the unit separator: no text shown to people holds it
_SEPARATOR_BYTES = SEPARATOR.encode()


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
    # Splitting from both ends leaves the text in the middle undecoded (copying bytes costs less than
    # finding the separators one by one in Python).
    key, kind, title, url, rest = raw.split(_SEPARATOR_BYTES, 4)
    text, agency_id, day = rest.rsplit(_SEPARATOR_BYTES, 2)
    return (key.decode(), kind.decode(), title.decode(), url.decode(), text, int(agency_id) if agency_id else None,
            date.fromordinal(int(day)))


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
