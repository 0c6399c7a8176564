"""What every search backend provides; the backend is chosen by XXGK_SEARCH_BACKEND."""

from collections import Counter
from dataclasses import dataclass

FACETS = ("kind", "agency_id", "subject", "art20_category", "year", "validity")


@dataclass
class Found:
    """A backend's answer: matches in all, counts per facet value, and the ids of the page asked for."""

    total: int
    facets: dict[str, Counter]
    ids: list[int]


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
