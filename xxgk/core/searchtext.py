"""Text for search: normalisation and the character-bigram token stream. Pure.

Whatever a user types must find every document containing it as typed. Word segmentation
misses matches where the query and the text segment differently, so the index holds
overlapping character bigrams: a term of n ≥ 2 characters is the phrase of its n − 1 bigrams
(found exactly where the normalised text contains the term), a single character is a prefix
query. Normalisation (both sides): NFKC (full-width → half-width), traditional → simplified,
lower case, and only letters and digits kept, so stray spaces and punctuation never matter.
"""

import unicodedata
from functools import lru_cache

CHUNK_CHARS = 8000  # PostgreSQL keeps token positions below 16384: long texts are indexed in chunks
CHUNK_OVERLAP = 100  # a term up to this long is still found where it straddles two chunks
MAX_TERM_CHARS = CHUNK_OVERLAP


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str | None]:
    """Return one translate table: traditional → simplified characters (OpenCC's character dictionary),
    and every character that is not a letter or digit removed. Character-level folding is enough
    here: the same folding is applied to texts and queries, so they always meet."""
    from importlib import resources

    table: dict[int, str | None] = {}
    source = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    for line in source.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            table[ord(parts[0])] = parts[1].split(" ")[0]
    return table


def normalize(text: str) -> str:
    """Return the searchable form of `text`: NFKC, simplified, lower case, letters and digits only."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_fold_table())
    return "".join(filter(str.isalnum, folded))


def bigram_stream(norm: str) -> str:
    """Return the space-separated token stream of a normalised text: its bigrams, then its last character."""
    if len(norm) <= 1:
        return norm
    return " ".join(norm[i:i + 2] for i in range(len(norm) - 1)) + " " + norm[-1]


def chunks(norm: str) -> list[str]:
    """Split a normalised text into overlapping chunks (one chunk for short texts, none for empty ones)."""
    if not norm:
        return []
    step = CHUNK_CHARS - CHUNK_OVERLAP
    return [norm[i:i + CHUNK_CHARS] for i in range(0, max(len(norm) - CHUNK_OVERLAP, 1), step)]


def query_terms(query: str) -> list[str]:
    """Return the normalised terms of a query (split on spaces; empty ones dropped; each cut to the term limit)."""
    terms = [normalize(part)[:MAX_TERM_CHARS] for part in query.split()]
    return list(dict.fromkeys(t for t in terms if t))


def term_tokens(term: str) -> tuple[list[str], bool]:
    """Return (tokens, is_prefix): the bigram phrase of a term, or its one character as a prefix."""
    if len(term) == 1:
        return [term], True
    return [term[i:i + 2] for i in range(len(term) - 1)], False
