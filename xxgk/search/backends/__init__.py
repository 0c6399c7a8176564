"""The configured search backend: `database` (SQLite FTS5 / PostgreSQL GIN, the default) or `tantivy`.

Each backend module provides store(document, body_norm), remove(document), reset(), flush(),
matching_ids(terms) and find(terms, active_filters, sort=, offset=, limit=, this_year=) -> Found.
"""

from importlib import import_module

from django.conf import settings


def backend():
    """Return the module of the configured backend."""
    name = getattr(settings, "XXGK_SEARCH_BACKEND", "database")
    return import_module(f"xxgk.search.backends.{'tantivy_index' if name == 'tantivy' else 'database'}")
