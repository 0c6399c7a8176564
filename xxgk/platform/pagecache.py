"""Public pages for anonymous visitors served from the shared cache, invalidated by a generation number.

Every cached page carries the portal generation it was rendered under, read with the page in one
round trip; any committed change to a model the portal shows bumps the generation, so every web
process stops serving the old pages at once (the cache is shared).
The CSRF token of the cached page (the text-size form on every page) is replaced by a placeholder
and each visitor gets their own on the way out. Cache failures never fail a page: it is rendered.
"""

import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from .context_processors import LARGE_TEXT_COOKIE

log = logging.getLogger(__name__)

GENERATION_KEY = "portal:generation"
# What the portal shows: every model of these apps, and agencies (names, 指南) — not users, memberships
# or sessions, whose saves (a sign-in updates last_login) must not empty the page cache. The search
# index's own rows are covered by the re-index task, which bumps once per batch.
PUBLIC_APPS = {"catalog", "interaction", "portal", "reports"}
PUBLIC_MODELS = {"agencies.Agency"}
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_PLACEHOLDER = b"\x00csrf\x00"


def current_generation() -> int | None:
    """Return the portal generation (starting one if the cache has none), or None if the cache is unreachable."""
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)  # never equal to an evicted one
            generation = cache.get(GENERATION_KEY)
        return generation
    except Exception:  # noqa: BLE001 - a cache outage degrades to uncached pages
        log.warning("page cache unreachable", exc_info=True)
        return None


def bump_generation() -> None:
    """Invalidate every cached public page in every web process sharing the cache."""
    if not settings.XXGK_PAGE_CACHE_SECONDS:
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        current_generation()
    except Exception:  # noqa: BLE001 - pages then expire by XXGK_PAGE_CACHE_SECONDS
        log.warning("page cache unreachable; cached pages expire by their timeout", exc_info=True)


def _cacheable(request) -> bool:
    if not settings.XXGK_PAGE_CACHE_SECONDS or request.method != "GET" or request.user.is_authenticated:
        return False
    # a flash message belongs to one visitor and one page view
    return "messages" not in request.COOKIES and not request.session.get("_messages")


def public_page(view):
    """Serve a public view's anonymous GET responses from the shared cache until the portal changes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        large = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
        key = f"page:{int(large)}:{request.get_host()}:{request.get_full_path()}"
        try:  # one round trip: the generation and the page as last cached, with the generation it was under
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - a cache outage degrades to uncached pages
            log.warning("page cache unreachable", exc_info=True)
            return view(request, *args, **kwargs)
        generation = found.get(GENERATION_KEY)
        if generation is None and (generation := current_generation()) is None:
            return view(request, *args, **kwargs)
        hit = found.get(key)
        if hit is not None and hit[0] == generation:
            _, content_type, body = hit
            token = get_token(request).encode()
            response = HttpResponse(body.replace(_PLACEHOLDER, token), content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            try:
                cache.set(key, (generation, response["Content-Type"], body), settings.XXGK_PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                log.warning("page cache unreachable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


@receiver(post_save, dispatch_uid="xxgk_page_cache_save")
@receiver(post_delete, dispatch_uid="xxgk_page_cache_delete")
def _on_change(sender, raw=False, **kwargs) -> None:
    public = sender._meta.app_label in PUBLIC_APPS or sender._meta.label in PUBLIC_MODELS
    if settings.XXGK_PAGE_CACHE_SECONDS and not raw and public:
        transaction.on_commit(bump_generation)  # after commit: a page rendered before it must not be cached anew
