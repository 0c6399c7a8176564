"""Every catalogue page for every role: who gets in, who is refused."""

import pytest

from tests.test_catalog import draft, through_review

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant_a", "handler_x", "handler_y", "reviewer_x", "approver_x", "supervisor_x",
         "supervisor_root", "sysadmin"]
X_STAFF = {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "supervisor_root", "sysadmin"}
ALL_STAFF = X_STAFF | {"handler_y"}

PAGES = [
    ("/workspace/items/", ALL_STAFF),
    ("/workspace/items/new/?agency={x}", {"handler_x"}),
    ("/workspace/items/{item}/", X_STAFF),
    ("/workspace/items/{item}/edit/", {"handler_x"}),  # the edit form is for the drafting 经办人 only
    ("/workspace/items/standard/?agency={x}", X_STAFF),
    ("/workspace/items/import/?agency={x}", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("/workspace/items/workflow/?agency={x}", {"supervisor_x", "supervisor_root", "sysadmin"}),
]
PUBLIC = ["/gk/catalog/", "/gk/catalog/{index}/", "/gk/catalog/{index}/print/", "/gk/catalog/feed/{code}/"]


@pytest.fixture
def item(world):
    return through_review(world, draft(world))


@pytest.mark.parametrize(("template", "allowed"), PAGES, ids=[p for p, _ in PAGES])
def test_workspace_pages_by_role(client, world, item, template, allowed):
    url = template.format(x=world.x.pk, item=item.pk)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, (role, url)
        else:
            assert (status == 200) == (role in allowed), (role, url, status)


@pytest.mark.parametrize("template", PUBLIC)
def test_public_pages_for_everyone(client, world, item, template):
    url = template.format(index=item.index_number, code=world.x.credit_code)
    for role in ("anonymous", "applicant_a", "handler_y"):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        assert client.get(url).status_code == 200, (role, url)


def test_unpublished_items_are_not_public(client, world):
    unpublished = draft(world, title="草稿")
    assert client.get(f"/gk/catalog/{unpublished.index_number}/").status_code == 404
