"""Public pages cached for anonymous visitors: invalidated by every change, per-visitor CSRF, never for staff."""

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.test_catalog import draft, through_review
from xxgk.catalog.services import item_withdraw
from xxgk.platform.pagecache import current_generation

pytestmark = pytest.mark.django_db

SHARED = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pagecache-test"}}


@pytest.fixture
def caching():
    with override_settings(CACHES=SHARED, XXGK_PAGE_CACHE_SECONDS=300):
        cache.clear()
        yield
        cache.clear()


def token_of(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', response.content.decode()).group(1)


def test_anonymous_pages_are_cached_and_every_change_invalidates_them(world, caching, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = through_review(world, draft(world))
    url = f"/gk/catalog/{first.index_number}/"
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    assert Client().get("/gk/catalog/")["X-Page-Cache"] == "miss"
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        second = through_review(world, draft(world, title="关于做好防汛工作的通知"))
    assert current_generation() > before
    listing = Client().get("/gk/catalog/")
    assert listing["X-Page-Cache"] == "miss" and second.title in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        item_withdraw(item=first, actor=world.users["approver_x"], reason="内容已过时", at=first.created_at)
    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss" and "内容已过时" in page.content.decode()


def test_each_visitor_gets_a_working_csrf_token_from_a_cached_page(world, caching):
    Client().get("/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    token = token_of(page)
    assert "\x00" not in page.content.decode()
    assert visitor.post("/text-size/", {"large": "1", "csrfmiddlewaretoken": token}).status_code == 302
    stranger = Client(enforce_csrf_checks=True)  # another visitor's token is no good
    stranger.get("/gk/catalog/")
    assert stranger.post("/text-size/", {"large": "1", "csrfmiddlewaretoken": token}).status_code == 403
    large = visitor.get("/")  # the large-text variant is a page of its own
    assert large["X-Page-Cache"] == "miss" and 'class="large-text"' in large.content.decode()


def test_signed_in_users_bypass_the_cache(world, caching, client, django_capture_on_commit_callbacks):
    Client().get("/gk/reports/")
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        world.users["handler_x"].save()  # a user's own record is not something the portal shows
    assert current_generation() == before
    client.force_login(world.users["handler_x"])
    response = client.get("/gk/reports/")
    assert response.status_code == 200 and "X-Page-Cache" not in response


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:9/0"}}, XXGK_PAGE_CACHE_SECONDS=300)
def test_an_unreachable_cache_degrades_to_rendered_pages(world):
    response = Client().get("/gk/catalog/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
