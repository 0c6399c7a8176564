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
