"""Background tasks: the worker is the only writer of the index."""

from django.utils import timezone
from django_tasks import task


@task()
def index_sources(*, keys: list[str]) -> int:
    """Index or remove each named source according to whether it is public now."""
    from xxgk.platform.pagecache import bump_generation

    from .services import search_reindex

    done = search_reindex(at=timezone.now(), keys=keys)
    bump_generation()  # cached search pages now show the new index
    return done
