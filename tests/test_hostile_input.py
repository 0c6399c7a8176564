"""Hostile input: XSS payloads neutralised on every page that shows them, SQL-looking text stored and shown
verbatim, CSRF required by every state-changing route, file names unable to escape the storage directory."""

import html
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.case_helpers import asking, person, submit
from tests.test_catalog import draft, through_review
from tests.test_interaction import at, letter
from xxgk.interaction import services as ix
from xxgk.search.services import search_reindex

PAYLOADS = ['<script>alert("x1")</script>', '"><img src=x onerror=alert(2)>', "<svg onload=alert(3)>",
            "<a href=\"javascript:alert(4)\">点我</a>", "</textarea><iframe src=//evil.example>"]
SQL = "'; DROP TABLE cases_case; -- 1=1 OR ''='"
HOSTILE = " ".join(PAYLOADS)


class _Tags(HTMLParser):
    """Collect what a browser would execute: script tags, event-handler attributes, javascript: URLs, frames."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append("<script> (inline or foreign)")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")


def assert_neutralised(response):
    assert response.status_code == 200, response.status_code
    parser = _Tags()
    parser.feed(response.content.decode())
    assert parser.problems == []


@pytest.mark.django_db
def test_payloads_in_an_application_are_inert_everywhere(client, world):
    case, _ = submit(world.x, date(2024, 3, 4), applicant=person(name="张三" + PAYLOADS[1][:20]),
                     request_details=asking(title="预算" + HOSTILE[:250], description=HOSTILE + SQL),
                     account=world.users["applicant_a"].applicant)
    client.force_login(world.users["handler_x"])
    for url in ("/workspace/cases/", f"/workspace/cases/{case.pk}/"):
        assert_neutralised(client.get(url))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert html.escape(SQL) in page  # stored and shown verbatim (escaped for HTML only)
    client.force_login(world.users["applicant_a"])
    assert_neutralised(client.get(f"/gk/apply/case/{case.pk}/"))


@pytest.mark.django_db
def test_payloads_in_messages_and_replies_are_inert_everywhere(client, world):
    box = ix.message_box_save(agency=world.x, actor=world.users["approver_x"], at=at("2020-01-02"), name="局长信箱",
                              reply_workdays=10)
    message, _ = ix.message_submit(box=box, letter=letter(subject="路灯" + PAYLOADS[0], body=HOSTILE + SQL,
                                                          writer_name="王" + PAYLOADS[2][:20]),
                                   at=at("2020-06-01"), address="")
    message = ix.message_reply(message=message, actor=world.users["handler_x"], today=date(2020, 6, 3),
                               at=at("2020-06-03"), reply="已处理。" + HOSTILE)
    ix.message_publish(message=message, actor=world.users["handler_x"], at=at("2020-06-04"))
    assert_neutralised(client.get(f"/gk/interaction/published/{message.pk}/"))
    assert_neutralised(client.get("/gk/interaction/"))
    client.force_login(world.users["handler_x"])
    for url in ("/workspace/messages/", f"/workspace/messages/{message.pk}/"):
        assert_neutralised(client.get(url))
    assert html.escape(SQL) in client.get(f"/workspace/messages/{message.pk}/").content.decode()


@pytest.mark.django_db
def test_payloads_in_consultation_comments_are_inert(client, world):
    actor = world.users["handler_x"]
    c = ix.consultation_create(agency=world.x, actor=actor, at=at("2020-10-01"), title="征求意见" + PAYLOADS[0],
                               description=HOSTILE, opens_on=date(2020, 10, 1), closes_on=date(2099, 10, 31),
                               feedback_days=10)
    comment = ix.consultation_comment(consultation=c, writer_name="甲" + PAYLOADS[1][:10], body=HOSTILE,
                                      today=date(2020, 10, 5), at=at("2020-10-05"))
    ix.comment_moderate(comment=comment, actor=actor, approve=True, at=at("2020-10-06"))
    assert_neutralised(client.get(f"/gk/interaction/consultations/{c.pk}/"))
    client.force_login(actor)
    assert_neutralised(client.get(f"/workspace/consultations/{c.pk}/"))


@pytest.mark.django_db
def test_payloads_in_items_are_inert_on_every_public_page(client, world, settings):
    settings.XXGK_SEARCH_BACKEND = "database"
    item = through_review(world, draft(world, title="造林通知" + PAYLOADS[1][:40], summary=HOSTILE,
                                       body="<p>正文" + HOSTILE + "</p>"))
    search_reindex(at=at("2024-03-05"))
    for url in (f"/gk/catalog/{item.index_number}/", "/gk/catalog/", "/gk/search/?q=造林", "/"):
        assert_neutralised(client.get(url))
    client.force_login(world.users["handler_x"])
    assert_neutralised(client.get(f"/workspace/items/{item.pk}/"))


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _concrete(route: str) -> str | None:
    import re

    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (Django admin) keep Django's own CSRF protection
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)


CSRF_EXEMPT = {"/oidc/callback/"}  # the provider's redirect back (GET; state and nonce protect it)


@pytest.mark.django_db
def test_every_route_refuses_a_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["sysadmin"])
    checked, failures = 0, []
    for route, _ in _routes(get_resolver().url_patterns):
        url = _concrete(route)
        if url is None or url in CSRF_EXEMPT or url.startswith("/static/"):
            continue
        response = client.post(url, {"title": "x"})
        checked += 1
        # 405: the route takes no POST at all (API reads), so there is nothing to forge.
        failures.append(f"POST {url} → {response.status_code}") if response.status_code not in (403, 405) else None
    assert failures == []
    assert checked > 100


@pytest.mark.django_db
def test_file_names_cannot_escape_the_storage_directory(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    box = ix.message_box_save(agency=world.x, actor=world.users["approver_x"], at=at("2020-01-02"), name="局长信箱",
                              reply_workdays=10)
    names = ["../../../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf", "a/../../b.pdf"]
    message, _ = ix.message_submit(box=box, letter=letter(attachments=tuple((n, b"%PDF-1.4\n%%EOF\n") for n in names)),
                                   at=at("2020-06-01"), address="")
    root = Path(settings.MEDIA_ROOT).resolve()
    stored = list(message.attachments.all())
    assert len(stored) == len(names)
    for attachment in stored:
        path = Path(attachment.file.path).resolve()
        assert root in path.parents and ".." not in attachment.file.name
        assert "/" not in Path(attachment.file.name).name and "\\" not in attachment.file.name
    assert not Path("/etc/passwd.pdf").exists() and settings.MEDIA_ROOT.exists()


@pytest.mark.django_db
def test_nul_characters_are_refused_with_a_clear_message(client, world):
    from xxgk.cases.models import Case

    body = ('{"agency": "' + world.x.credit_code
            + '", "applicant_kind": "natural", "applicant_name": "张\\u0000三", "title": "预算"}')
    response = client.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]
    response = client.get("/api/v1/boxes?agency=%00")
    assert response.status_code == 400
    form = {"applicant_kind": "natural", "applicant_name": "张\x00三", "title": "预算", "form_wanted": "electronic",
            "delivery_wanted": "email"}
    response = client.post(f"/gk/apply/{world.x.credit_code}/", form)
    assert response.status_code == 400 and "空字符" in response.content.decode()  # Django's form validator
    assert Case.objects.count() == 0
