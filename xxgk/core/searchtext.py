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


def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower().translate(_fold_table())


@lru_cache(maxsize=1)
def _written_forms() -> dict[str, str]:
    """Return, per normalised character, every single character that normalises to it (full-width and
    compatibility forms, upper case, traditional characters): the reverse of normalize() per character."""
    candidates = {*range(0x20, 0x10000), *range(0x2F800, 0x2FA20), *_fold_table()}
    forms: dict[str, set[str]] = {}
    for code in candidates:
        ch = chr(code)
        folded = _fold_char(ch)
        if len(folded) == 1 and folded != ch and folded.isalnum():
            forms.setdefault(folded, {folded}).add(ch)
    return {target: "".join(sorted(chars)) for target, chars in forms.items()}


def written_pattern(terms: list[str]) -> str:
    """Return a regular expression finding each normalised term in a text as written: any form of each
    character that normalises to it, with any punctuation or spaces between characters (normalisation
    drops them, so 公开工作 is found in 公开、工作 and 關於 for 关于) — no folding of the text needed."""
    import re

    forms = _written_forms()

    def char(ch: str) -> str:
        variants = forms.get(ch)
        return f"[{re.escape(variants)}]" if variants else re.escape(ch)

    def alternatives(term: str) -> list[str]:
        # One alternative per form of the first character: when every alternative opens with a literal,
        # re skips ahead to the positions holding one (a page's snippets mark several times faster).
        rest = "".join(r"[\W_]*" + char(ch) for ch in term[1:])
        return [re.escape(first) + rest for first in forms.get(term[0]) or term[0]]

    return "|".join(alt for term in sorted(terms, key=len, reverse=True) for alt in alternatives(term))
