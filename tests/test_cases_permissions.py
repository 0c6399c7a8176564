"""Who may see and handle cases: applicants their own, staff their agency's, 公开办 the subtree."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.case_helpers import person, submit
from xxgk.cases.selectors import cases_of_applicant, cases_visible_to
from xxgk.platform.policy import can

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "applicant_a", "applicant_b", "handler_x", "handler_y", "reviewer_x", "approver_x",
         "supervisor_x", "supervisor_root", "sysadmin"]

# action, object ("case_x" = a case of agency X owned by applicant A; "x"/"y" agencies) → allowed users
CASE_MATRIX = [
    ("case.view", "case_x", {"applicant_a", "handler_x", "reviewer_x", "approver_x", "supervisor_x",
                             "supervisor_root", "sysadmin"}),
    ("case.handle", "case_x", {"handler_x"}),
    ("case.approve", "case_x", {"approver_x"}),
    ("case.register", "x", {"handler_x"}),
    ("case.export", "x", {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("case.import", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("appeal.manage", "x", {"handler_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("letters.edit", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
]


@pytest.fixture
def case_x(world):
    case, _ = submit(world.x, date(2024, 3, 1), account=world.users["applicant_a"].applicant)
    return case


@pytest.mark.parametrize(("action", "key", "allowed"), CASE_MATRIX, ids=[f"{a}:{k}" for a, k, _ in CASE_MATRIX])
def test_case_matrix(world, case_x, action, key, allowed):
    obj = case_x if key == "case_x" else getattr(world, key)
    users = {n: (AnonymousUser() if n == "anonymous" else world.users[n]) for n in USERS}
    assert {n for n, u in users.items() if can(u, action, obj)} == allowed


def test_selectors_match_isolation(world, case_x):
    other, _ = submit(world.y, date(2024, 3, 1), applicant=person(name="李四"))
    assert set(cases_visible_to(world.users["handler_x"])) == {case_x}
    assert set(cases_visible_to(world.users["handler_y"])) == {other}
    assert set(cases_visible_to(world.users["supervisor_root"])) == {case_x, other}
    assert list(cases_of_applicant(world.users["applicant_a"])) == [case_x]
    assert list(cases_of_applicant(world.users["applicant_b"])) == []


def test_staff_pages_enforce_isolation(client, world, case_x):
    client.force_login(world.users["handler_y"])
    response = client.get(f"/workspace/cases/{case_x.pk}/")
    assert response.status_code == 403
    response = client.post(f"/workspace/cases/{case_x.pk}/steps/decide/", {"outcome": "granted"})
    assert response.status_code == 403
    case_x.refresh_from_db()
    assert case_x.status == "received"
    client.force_login(world.users["handler_x"])
    assert client.get(f"/workspace/cases/{case_x.pk}/").status_code == 200


def test_api_lists_only_what_the_user_may_see(client, world, case_x):
    submit(world.y, date(2024, 3, 1), applicant=person(name="李四"))
    client.force_login(world.users["applicant_a"])
    assert [c["number"] for c in client.get("/api/v1/cases").json()] == [case_x.number]
    client.force_login(world.users["applicant_b"])
    assert client.get("/api/v1/cases").json() == []
    assert client.get(f"/api/v1/cases/{case_x.pk}").status_code == 403
    client.force_login(world.users["handler_y"])
    assert len(client.get("/api/v1/cases").json()) == 1
    client.logout()
    assert client.get("/api/v1/cases").status_code == 401


def test_document_urls_are_not_enough(client, world, case_x):
    from tests.case_helpers import at
    from xxgk.cases.services import case_assign

    case_assign(case=case_x, handler=world.users["handler_x"], today=date(2024, 3, 4), at=at(date(2024, 3, 4)))
    doc = case_x.documents.first()
    url = f"/gk/apply/case/{case_x.pk}/documents/{doc.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/gk/apply/case/{case_x.pk}/").status_code == 302  # to the query-code form
    client.force_login(world.users["applicant_b"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["applicant_a"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
