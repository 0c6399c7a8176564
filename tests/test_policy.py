"""The permission policy: what every role can and cannot do, including cross-agency isolation."""

import pytest

from xxgk.agencies.selectors import agencies_with_records_visible_to
from xxgk.platform.policy import can, registered_actions

pytestmark = pytest.mark.django_db

ALL_USERS = ["anonymous", "applicant_a", "applicant_b", "handler_x", "handler_y", "reviewer_x", "approver_x",
             "supervisor_x", "supervisor_root", "sysadmin"]

# action, object key → the users allowed; everyone else is denied.
MATRIX = [
    ("workspace.enter", None, {"handler_x", "handler_y", "reviewer_x", "approver_x", "supervisor_x",
                               "supervisor_root", "sysadmin"}),
    ("admin.enter", None, {"sysadmin"}),
    ("agency.manage", None, {"sysadmin"}),
    ("membership.manage", None, {"sysadmin"}),
    ("audit.view", None, {"sysadmin"}),
    ("calendar.manage", None, {"sysadmin"}),
    ("agency.view_records", "x", {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "supervisor_root",
                                  "sysadmin"}),
    ("agency.view_records", "x1", {"supervisor_x", "supervisor_root", "sysadmin"}),
    ("agency.view_records", "y", {"handler_y", "supervisor_root", "sysadmin"}),
    ("agency.view_records", "root", {"supervisor_root", "sysadmin"}),
    ("agency.handle", "x", {"handler_x"}),
    ("agency.handle", "y", {"handler_y"}),
    ("agency.review", "x", {"reviewer_x"}),
    ("agency.approve", "x", {"approver_x"}),
    ("agency.supervise", "x", {"supervisor_x", "supervisor_root", "sysadmin"}),
    ("agency.supervise", "y", {"supervisor_root", "sysadmin"}),
    ("agency.edit_guide", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("agency.edit_guide", "y", {"supervisor_root", "sysadmin"}),
    ("applicant.self", None, {"applicant_a", "applicant_b"}),
    ("agency.view_public", "x", set(ALL_USERS)),
    ("item.draft", "x", {"handler_x"}),
    ("item.review", "x", {"reviewer_x"}),
    ("item.signoff", "x", {"approver_x"}),
    ("item.view_internal", "x", {"handler_x", "reviewer_x", "approver_x", "supervisor_x", "supervisor_root",
                                 "sysadmin"}),
    ("message.handle", "x", {"handler_x", "reviewer_x", "approver_x"}),
    ("message.handle", "y", {"handler_y"}),
    ("message.supervise", "x", {"supervisor_x", "supervisor_root", "sysadmin"}),
    ("message.configure", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("interaction.manage", "x", {"handler_x", "approver_x", "supervisor_x", "supervisor_root"}),
    ("channel.manage", "x", {"handler_x", "approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("channel.manage", "y", {"handler_y", "supervisor_root", "sysadmin"}),
    ("submission.record", "x", {"handler_x", "approver_x", "supervisor_x", "supervisor_root"}),
    ("monitoring.dashboard", None, {"supervisor_x", "supervisor_root", "sysadmin"}),
    ("monitoring.dashboard", "y", {"supervisor_root", "sysadmin"}),
    ("portal.manage_services", None, {"supervisor_root", "sysadmin"}),
    ("report.edit", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("report.publish", "x", {"approver_x", "supervisor_x", "supervisor_root", "sysadmin"}),
    ("report.publish", "y", {"supervisor_root", "sysadmin"}),
    ("report.dashboard", "x", {"supervisor_x", "supervisor_root", "sysadmin"}),
    ("report.check", None, {"handler_x", "handler_y", "reviewer_x", "approver_x", "supervisor_x", "supervisor_root",
                            "sysadmin"}),
]


def user_named(world, name):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if name == "anonymous" else world.users[name]


def test_every_registered_action_is_in_a_matrix():
    from tests.test_cases_permissions import CASE_MATRIX

    assert set(registered_actions()) == {a for a, _, _ in MATRIX} | {a for a, _, _ in CASE_MATRIX}


@pytest.mark.parametrize(("action", "obj_key", "allowed"), MATRIX, ids=[f"{a}:{o}" for a, o, _ in MATRIX])
def test_matrix(world, action, obj_key, allowed):
    obj = getattr(world, obj_key) if obj_key else None
    outcome = {name for name in ALL_USERS if can(user_named(world, name), action, obj)}
    assert outcome == allowed


def test_unknown_action_is_denied_even_for_sysadmin(world):
    assert not can(world.users["sysadmin"], "no.such.action")


def test_inactive_user_is_denied_everything(world):
    user = world.users["sysadmin"]
    user.is_active = False
    assert not can(user, "admin.enter")


def test_deactivated_agency_guide_is_hidden_from_the_public_but_not_staff(world):
    from tests.factories import AT
    from xxgk.agencies.services import agency_set_active

    agency_set_active(agency=world.y, active=False, at=AT)
    assert not can(user_named(world, "anonymous"), "agency.view_public", world.y)
    assert can(world.users["handler_x"], "agency.view_public", world.y)


def test_visible_agencies_selector_matches_the_rule(world):
    for name in ALL_USERS:
        user = user_named(world, name)
        visible = set(agencies_with_records_visible_to(user)) if name != "anonymous" else set()
        expected = {a for a in (world.root, world.x, world.x1, world.y) if can(user, "agency.view_records", a)}
        assert visible == expected, name
